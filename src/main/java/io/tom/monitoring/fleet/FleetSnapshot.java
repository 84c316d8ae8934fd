package io.tom.monitoring.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tom.monitoring.domain.DeviceLease;
import io.tom.monitoring.domain.Heartbeat;
import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.domain.SaqQueue;
import io.tom.monitoring.redis.RedisRefusal;
import io.tom.monitoring.redis.RedisRefusedException;

/**
 * Everything one scrape reads from Redis, taken in one pass.
 *
 * @param redisTimeSeconds the Redis server clock when the read began, used for ages and lease expiry
 * @param global           {@code tom:stats:global}, empty when the hash does not exist
 * @param workers          per-worker stats by worker id, unordered
 * @param devices          per-device stats by device id, unordered
 * @param devicesInIdOrder the entries of {@code devices} in id (String) order, when the read was asked
 *                         for them ({@link FleetSnapshotReader.Part#DEVICE_ORDER})
 * @param heartbeats       parsed heartbeats by worker id, in id order
 * @param leases           device lease sets
 * @param queues           the configured SAQ queues
 * @param streamLengths    length of each Tom stream by key
 * @param malformed        records skipped because they were malformed
 * @param redisRoundTrips  requests this read sent to Redis (a pipeline counts once)
 */
public record FleetSnapshot(
        double redisTimeSeconds,
        Optional<JobCounts> global,
        Map<String, JobCounts> workers,
        Map<String, JobCounts> devices,
        Optional<List<Map.Entry<String, JobCounts>>> devicesInIdOrder,
        Map<String, Heartbeat> heartbeats,
        List<DeviceLease> leases,
        List<SaqQueue> queues,
        Map<String, Long> streamLengths,
        MalformedRecords malformed,
        int redisRoundTrips) {

    /**
     * This snapshot, when Redis returned every record asked for; when it refused some (an ACL not
     * covering their keys) an API answer built from it would be silently partial, so this throws.
     */
    public FleetSnapshot complete() {
        Map<String, Long> refusals = malformed.refusals();
        if (!refusals.isEmpty()) {
            String kind = refusals.keySet().iterator().next();
            RedisRefusal refusal = RedisRefusal.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
            throw new RedisRefusedException(refusal, "Redis refused " + refusals.values().stream()
                    .mapToLong(Long::longValue).sum() + " of the records read (" + kind + ")");
        }
        return this;
    }

    /** Workers whose heartbeat timestamp is less than {@code windowSeconds} old. */
    public long activeWorkers(double windowSeconds) {
        return heartbeats.values().stream()
                .filter(h -> h.ageSeconds(redisTimeSeconds) < windowSeconds)
                .count();
    }
}
