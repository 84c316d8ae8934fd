package io.tom.monitoring.support;

import java.util.List;
import java.util.Map;

import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/**
 * Writes Redis data the way the Python Tom workers (1.4.x) do, key by key as docs/redis-layout.md describes,
 * so tests read exactly what a real fleet leaves behind. Deliberately plain commands, without
 * the project's own code.
 */
public final class TomFleetFixture {

    private final UnifiedJedis redis;

    public TomFleetFixture(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** Sets stats fields ({@code complete}, {@code failed}, {@code auth_failed}...) of a hash, TTL 3600. */
    public TomFleetFixture stats(String key, Map<String, ?> fields) {
        fields.forEach((field, value) -> redis.hset(key, field, String.valueOf(value)));
        redis.expire(key, 3600);
        return this;
    }

    public TomFleetFixture workerStats(String worker, Map<String, ?> fields) {
        return stats("tom:stats:worker:" + worker, fields);
    }

    public TomFleetFixture deviceStats(String device, Map<String, ?> fields) {
        return stats("tom:stats:device:" + device, fields);
    }

    public TomFleetFixture globalStats(Map<String, ?> fields) {
        return stats("tom:stats:global", fields);
    }

    /** A heartbeat as the worker writes it every 30 s: JSON, SETEX 60. */
    public TomFleetFixture heartbeat(String worker, double timestamp) {
        String json = "{\"worker_id\": \"" + worker + "\", \"hostname\": \"host-" + worker + "\", \"timestamp\": "
                + timestamp + ", \"version\": \"1.4.2\", \"status\": \"running\", \"pid\": 4242}";
        redis.setex("tom:worker:heartbeat:" + worker, 60, json);
        return this;
    }

    /** A lease member with its expiry score (epoch seconds); the set expires 240 s after the write. */
    public TomFleetFixture lease(String host, int port, String jobId, double expiresAt) {
        String key = "device_lease:" + host + ":" + port;
        redis.zadd(key, expiresAt, jobId);
        redis.expire(key, 240);
        return this;
    }

    public TomFleetFixture queued(String queue, int jobs) {
        for (int i = 0; i < jobs; i++) {
            redis.rpush("saq:" + queue + ":queued", "saq:job:" + queue + ":queued-" + i);
        }
        return this;
    }

    /** Jobs waiting as SAQ 0.2x keeps them: the id in the queue, the JSON under it, the entry in incomplete. */
    public TomFleetFixture saqJobsQueuedAt(String queue, int jobs, long queuedMillis) {
        for (int i = 0; i < jobs; i++) {
            String id = "saq:job:" + queue + ":waiting-" + i;
            redis.set(id, "{\"function\": \"run_command\", \"kwargs\": {\"device\": \"10.0.0." + i + "\"},"
                    + " \"queue\": \"" + queue + "\", \"key\": \"waiting-" + i + "\", \"scheduled\": 0,"
                    + " \"attempts\": 0, \"queued\": " + (queuedMillis + i) + ", \"started\": 0,"
                    + " \"completed\": 0, \"touched\": " + (queuedMillis + i) + ", \"status\": \"queued\"}");
            redis.rpush("saq:" + queue + ":queued", id);
            redis.zadd("saq:" + queue + ":incomplete", 0, id);
        }
        return this;
    }

    /** A job SAQ will run at {@code epochSeconds} (a delayed retry): only in incomplete until then. */
    public TomFleetFixture saqJobScheduledAt(String queue, String key, double epochSeconds) {
        redis.zadd("saq:" + queue + ":incomplete", epochSeconds, "saq:job:" + queue + ":" + key);
        return this;
    }

    public TomFleetFixture active(String queue, int jobs) {
        for (int i = 0; i < jobs; i++) {
            redis.rpush("saq:" + queue + ":active", "saq:job:" + queue + ":active-" + i);
        }
        return this;
    }

    public TomFleetFixture metricsEvent(long timestamp, String worker, String device, String status, String errorType) {
        redis.xadd("tom:metrics:stream", XAddParams.xAddParams().maxLen(10_000),
                Map.of("timestamp", String.valueOf(timestamp), "worker", worker, "device", device,
                        "status", status, "error_type", errorType, "duration", "1.25"));
        return this;
    }

    public TomFleetFixture failedCommand(long timestamp, String worker, String device, String errorType, String jobId) {
        redis.xadd("tom:failed_commands", XAddParams.xAddParams().maxLen(1_000),
                Map.of("device", device, "command", "show version", "error", errorType + " failure on " + device,
                        "error_type", errorType, "job_id", jobId, "worker_id", worker, "credential_id", "cred-1",
                        "attempts", "1", "timestamp", String.valueOf(timestamp)));
        return this;
    }

    /** A failure recorded at {@code epochMillis} (the stream entry id), as the workers' XADD would. */
    public TomFleetFixture failedCommandAt(long epochMillis, String worker, String device, String errorType,
            String jobId, String command, String error) {
        redis.xadd("tom:failed_commands", XAddParams.xAddParams().id(new StreamEntryID(epochMillis, 0)).maxLen(1_000),
                Map.of("device", device, "command", command, "error", error, "error_type", errorType,
                        "job_id", jobId, "worker_id", worker, "credential_id", "cred-" + worker, "attempts", "2",
                        "timestamp", String.valueOf(epochMillis / 1000)));
        return this;
    }

    /** The Redis server clock, in epoch seconds. */
    public double redisTime() {
        // routed by a sample key, so it also works on a Redis Cluster
        List<?> reply = (List<?>) redis.sendCommand("tom:stats:global", Protocol.Command.TIME);
        return Long.parseLong(new String((byte[]) reply.get(0))) + Long.parseLong(new String((byte[]) reply.get(1))) / 1e6;
    }

    /** The fleet of ScrapeGoldenTest's golden file: IPv4, IPv6 and host-name devices, live and expired leases, noise. */
    public TomFleetFixture goldenFleet(double now, double freshHeartbeat) {
        globalStats(Map.of("complete", 10, "failed", 4, "auth_failed", 1, "timeout_failed", 2,
                        "network_failed", 1))
                .workerStats("worker-abc123", Map.of("complete", 6, "failed", 3, "auth_failed", 1,
                        "timeout_failed", 2))
                .workerStats("worker-def456", Map.of("complete", 4, "failed", 1, "network_failed", 1,
                        "future_counter", "not-ours"))
                .deviceStats("192.168.1.1", Map.of("complete", 5, "failed", 2, "auth_failed", 1,
                        "timeout_failed", 1))
                .deviceStats("2001:db8::1", Map.of("complete", 3, "failed", 1, "timeout_failed", 1))
                .deviceStats("core-sw-01.example.net", Map.of("complete", 2, "failed", 1, "network_failed", 1))
                .heartbeat("worker-abc123", freshHeartbeat)
                .heartbeat("worker-def456", 1763042861.073)
                .lease("192.168.1.1", 22, "job-live-1", now + 100)
                .lease("192.168.1.1", 22, "job-expired-1", now - 10)
                .lease("2001:db8::1", 830, "job-expired-2", now - 30)
                .lease("core-sw-01.example.net", 22, "job-live-2", now + 60)
                .lease("core-sw-01.example.net", 22, "job-live-3", now + 200)
                .saqJobsQueuedAt("default", 3, (long) (now * 1000) - 42_000)
                .saqJobScheduledAt("default", "retry-1", now + 300)
                .active("default", 1)
                .metricsEvent(1763042000, "worker-abc123", "192.168.1.1", "success", "none")
                .metricsEvent(1763042001, "worker-abc123", "192.168.1.1", "failed", "auth")
                .failedCommand(1763042001, "worker-abc123", "192.168.1.1", "auth", "job-1");
        // keys of other programs sharing the Redis are ignored
        stats("cache:device-facts:192.168.1.1", Map.of("vendor", "cisco"));
        return stats("saq:job:default:abc", Map.of("status", "queued"));
    }
}
