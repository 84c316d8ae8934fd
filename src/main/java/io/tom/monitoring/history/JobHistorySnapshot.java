package io.tom.monitoring.history;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tom.monitoring.domain.JobCounts;

/**
 * The job history as one scrape reads it from Redis.
 *
 * @param durations        one histogram series per worker, status and error type
 * @param lastSuccess      each device's newest successful event, epoch milliseconds
 * @param lastFailure      each device's newest failed event, epoch milliseconds
 * @param otherDevices     the jobs of devices outside the shown set, when a device limit folded any
 * @param malformed        records of the history skipped by this read (wrong type, not a count)
 */
public record JobHistorySnapshot(List<DurationSeries> durations, Map<String, Long> lastSuccess,
        Map<String, Long> lastFailure, Consumption consumption, Optional<JobCounts> otherDevices, long malformed) {

    /**
     * One histogram series.
     *
     * @param buckets counts per bucket, not cumulative, the last one +Inf
     */
    public record DurationSeries(String worker, String status, String errorType, long[] buckets, long sumNanos) {

        /** Observations: the sum of the buckets. */
        public long count() {
            long count = 0;
            for (long bucket : buckets) {
                count += bucket;
            }
            return count;
        }

        public double sumSeconds() {
            return sumNanos / 1e9;
        }
    }

    /**
     * What the consumer group has done with the stream, from its counts in Redis.
     *
     * @param lag    entries written but not yet consumed: not yet delivered, or delivered and pending
     * @param resets how often the consumers found Redis's data changed under them, by kind
     */
    public record Consumption(long consumed, long lost, long malformed, long lag, Map<String, Long> resets) {
    }
}
