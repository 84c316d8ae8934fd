package io.tom.monitoring.config;

import java.time.Duration;

import io.tom.monitoring.history.DurationBuckets;

/**
 * The job history's settings.
 *
 * @param enabled          whether this controller consumes the metrics stream into the history and
 *                         exports the history's families (false: a controller that never writes to Redis)
 * @param consumerName     this controller's consumer in the group (unique per controller)
 * @param batchSize        stream entries read and applied per script call
 * @param claimIdle        how long an entry stays pending with a silent consumer before another takes it
 * @param deviceRetention  how long a device's last success and failure are kept after its last event
 * @param deviceSetRefresh how often the shown-device set is ranked again under a device limit
 */
public record HistorySettings(boolean enabled, DurationBuckets buckets, String consumerName, int batchSize, Duration claimIdle,
        Duration deviceRetention, Duration deviceSetRefresh) {
}
