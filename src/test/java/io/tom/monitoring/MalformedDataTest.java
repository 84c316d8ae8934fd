package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;

/**
 * Data written by other programs can be malformed. Each bad record is skipped and counted in
 * {@code tom_malformed_records{kind}}; the good records around it are still served exactly.
 */
class MalformedDataTest extends TomApplicationTestSupport {

    @Test
    void badRecordsAreSkippedAndCountedWhileGoodOnesAreServed() {
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        fleet.globalStats(Map.of("complete", 7))
                .deviceStats("10.0.0.1", Map.of("complete", "abc", "failed", 2, "auth_failed", "-3",
                        "timeout_failed", "1.5"))
                .workerStats("worker-good", Map.of("complete", 4))
                .workerStats("all", Map.of("complete", 99))
                .heartbeat("worker-good", now - 1)
                .lease("10.0.0.1", 22, "job-1", now + 100);
        redis.set("tom:stats:worker:worker-wrongtype", "5");
        redis.set("tom:worker:heartbeat:worker-notjson", "not json at all");
        redis.set("tom:worker:heartbeat:worker-notimestamp", "{\"worker_id\": \"worker-notimestamp\"}");
        redis.set("tom:worker:heartbeat:worker-texttimestamp", "{\"timestamp\": \"yesterday\"}");
        redis.hset("tom:worker:heartbeat:worker-hash", "timestamp", String.valueOf(now));
        redis.zadd("device_lease:router-without-port", now + 100, "job-2");
        redis.set("device_lease:10.0.0.2:22", "not a sorted set");
        // the controllers' consumer group created the stream at startup; replace it in one step
        try (var tx = redis.multi()) {
            tx.del("tom:metrics:stream");
            tx.rpush("tom:metrics:stream", "not a stream");
            tx.exec();
        }
        redis.set("saq:default:queued", "not a list");

        Exposition exposition = scrape();

        assertEquals(1.0, exposition.value("tom_redis_up"));
        Map<String, Double> expectedJobs = new java.util.TreeMap<>();
        for (String worker : new String[] {"all", "worker-good"}) {
            // the fleet-wide and per-worker rows are all there, 0 where the hash lacks the field
            for (String[] row : new String[][] {{"success", "none"}, {"failed", "all"}, {"failed", "auth"},
                    {"failed", "timeout"}, {"failed", "network"}, {"failed", "gating"}, {"failed", "other"}}) {
                expectedJobs.put(jobs(worker, "all", row[0], row[1]), 0.0);
            }
        }
        expectedJobs.put(jobs("all", "all", "success", "none"), 7.0);
        expectedJobs.put(jobs("worker-good", "all", "success", "none"), 4.0);
        expectedJobs.put(jobs("all", "10.0.0.1", "failed", "all"), 2.0);
        assertEquals(expectedJobs, new java.util.TreeMap<>(exposition.samplesStartingWith("tom_jobs_total")));
        assertEquals(Map.of(Exposition.series("tom_worker_last_heartbeat", "worker", "worker-good"), now - 1),
                exposition.samplesStartingWith("tom_worker_last_heartbeat"));
        assertEquals(1.0, exposition.value("tom_workers_active"), "a heartbeat that is not valid JSON is not active");
        assertEquals(Map.of(Exposition.series("tom_device_semaphore_leases", "device", "10.0.0.1", "port", "22"), 1.0),
                exposition.samplesStartingWith("tom_device_semaphore_leases"));
        assertNull(exposition.value(Exposition.series("tom_queue_depth", "queue", "default")));
        assertFalse(exposition.samples().containsKey(
                Exposition.series("tom_stream_length", "stream", "tom:metrics:stream")));

        // complete=abc, auth_failed=-3, timeout_failed=1.5, a string where a hash belongs, a worker named "all"
        assertEquals(5.0, malformed(exposition, "stats"));
        assertEquals(4.0, malformed(exposition, "heartbeat"));
        assertEquals(2.0, malformed(exposition, "lease"));
        assertEquals(1.0, malformed(exposition, "stream"));
        assertEquals(1.0, malformed(exposition, "queue"));
    }

    @Test
    void keysThatAreNotUtf8AreCountedNeverServedUnderAMangledName() {
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        fleet.deviceStats("10.0.0.9", Map.of("complete", 1));
        // the other test's records may share this Redis: count what these keys add
        Exposition before = scrape();
        byte[] invalid = {(byte) 0xff, (byte) 0xfe};
        redis.hset(concat("tom:stats:device:", invalid), bytes("complete"), bytes("3"));
        redis.zadd(concat("device_lease:router-", invalid, ":22"), now + 100, bytes("job-1"));
        redis.set(concat("tom:worker:heartbeat:w-", invalid), bytes("{\"timestamp\": " + now + "}"));

        Exposition exposition = scrape();

        assertEquals(1.0, exposition.value("tom_redis_up"));
        for (String kind : new String[] {"stats", "lease", "heartbeat"}) {
            assertEquals(1.0, malformed(exposition, kind) - malformed(before, kind), kind);
        }
        assertFalse(exposition.text().contains("\uFFFD"), "no label with a replacement character");
        assertEquals(1.0, exposition.value(jobs("all", "10.0.0.9", "success", "none")), "the valid device is served");
    }

    @Test
    void badRecordsInTheJobHistoryAreSkippedAndCountedAndTheScrapeAnswers() {
        redis.flushAll();
        redis.hset("tom:stats:device:10.0.0.1", "complete", "1");
        String durations = "tom:monitoring:{tom:metrics:stream}:durations";
        redis.hset(durations, Map.of(
                "success|none|le=0.5|w1", "3", "success|none|sum_ns|w1", "600000000",
                "success|none|le=abc|w1", "1",
                "success|none|le=1.0|w1", "-2",
                "failed|auth|le=+Inf|w2", "not a count",
                "no separators", "1"));
        redis.hset("tom:monitoring:{tom:metrics:stream}:consumer", Map.of("consumed", "-1", "malformed", "-7",
                "lost_unread", String.valueOf(Long.MAX_VALUE), "lost_pending", "1"));
        redis.zadd("tom:monitoring:{tom:metrics:stream}:last_success", Double.POSITIVE_INFINITY, "10.0.0.1");
        redis.zadd("tom:monitoring:{tom:metrics:stream}:last_success", 1.7e12, "10.0.0.2");
        redis.hset("tom:monitoring:{tom:metrics:stream}:resets", "group_deleted", "minus one");

        assertOk(get("/api/metrics"));
        Exposition exposition = scrape();

        assertEquals(1.0, exposition.value("tom_redis_up"));
        // le=abc, -2, "not a count", no separators, consumed -1, malformed -7, lost_unread past 2^53,
        // an infinite timestamp, a reset count that is not one
        assertEquals(9.0, malformed(exposition, "history"));
        assertEquals(3.0, exposition.value(Exposition.series("tom_job_duration_seconds_count", "worker", "w1",
                "status", "success", "error_type", "none")));
        assertEquals(0.0, exposition.value("tom_job_events_consumed_total"));
        assertEquals(1.0, exposition.value("tom_job_events_lost_total"), "lost_pending alone");
        assertEquals(0.0, malformed(exposition, "event"));
        assertEquals(Map.of(Exposition.series("tom_device_last_success_timestamp_seconds", "device", "10.0.0.2"), 1.7e9),
                exposition.samplesStartingWith("tom_device_last_success_timestamp_seconds"));
        assertOk(get("/api/monitoring/stats/summary"));
        assertOk(get("/api/monitoring/device_stats/10.0.0.1"));
    }

    @Test
    void heartbeatsDatedAheadOfRedisAreNeverYoungerThanNowNorHealthyForEver() {
        redis.flushAll();
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        fleet.heartbeat("worker-clock-slightly-ahead", now + 5).heartbeat("worker-clock-an-hour-ahead", now + 3600);

        Exposition exposition = scrape();
        assertEquals(1.0, exposition.value("tom_workers_active"));
        assertEquals(1.0, malformed(exposition, "heartbeat"), "dated beyond a heartbeat's 60 s lifetime");
        com.fasterxml.jackson.databind.JsonNode workers = io.tom.monitoring.support.Json.parse(
                get("/api/monitoring/workers").body()).get("workers");
        assertEquals(1, workers.size());
        assertEquals("worker-clock-slightly-ahead", workers.get(0).get("id").asText());
        assertEquals(0, workers.get(0).get("seconds_since_heartbeat").asLong());
        assertEquals("healthy", workers.get(0).get("status").asText());
    }

    @Test
    void answersSayWhichRecordsTheyLeftOutInsteadOfShowingZeros() {
        redis.flushAll();
        redis.set("tom:stats:global", "a string where the fleet's hash belongs");
        redis.set("saq:default:incomplete", "a string where a sorted set belongs");
        new TomFleetFixture(redis).workerStats("worker-1", Map.of("complete", 2)).heartbeat("worker-1",
                new TomFleetFixture(redis).redisTime());
        redis.set("tom:worker:heartbeat:worker-3", "not json");

        com.fasterxml.jackson.databind.JsonNode summary = io.tom.monitoring.support.Json.parse(
                get("/api/monitoring/stats/summary").body());
        assertEquals(1, summary.get("skipped_records").get("stats").asInt(), summary.toString());
        assertEquals(1, summary.get("skipped_records").get("queue").asInt(), summary.toString());
        com.fasterxml.jackson.databind.JsonNode workers = io.tom.monitoring.support.Json.parse(
                get("/api/monitoring/workers").body());
        assertEquals(1, workers.get("skipped_records").get("heartbeat").asInt(), workers.toString());
        assertEquals(1.0, malformed(scrape(), "queue"), "the scrape counts the incomplete set too");

        redis.flushAll();
        assertEquals(0, io.tom.monitoring.support.Json.parse(get("/api/monitoring/stats/summary").body())
                .get("skipped_records").size(), "{} when nothing was left out");
    }

    @Test
    void oneUnreadableQueueListHidesOnlyItsOwnSeries() {
        redis.flushAll();
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        redis.set("saq:default:queued", "a string where a list belongs");
        fleet.active("default", 2).saqJobScheduledAt("default", "retry-1", now + 600);

        Exposition exposition = scrape();
        assertNull(exposition.value(Exposition.series("tom_queue_depth", "queue", "default")));
        assertEquals(2.0, exposition.value(Exposition.series("tom_queue_active", "queue", "default")));
        assertEquals(1.0, exposition.value(Exposition.series("tom_queue_scheduled", "queue", "default")));
        assertNull(exposition.value(Exposition.series("tom_queue_latency_seconds", "queue", "default")),
                "no head to date");
        assertEquals(1.0, malformed(exposition, "queue"));
        com.fasterxml.jackson.databind.JsonNode queue = io.tom.monitoring.support.Json.parse(
                get("/api/monitoring/stats/summary").body()).get("queues").get(0);
        assertTrue(queue.get("depth").isNull(), queue.toString());
        assertEquals(2, queue.get("active").asInt());
        assertEquals(1, queue.get("scheduled").asInt());
    }

    @Test
    void historyKeysOfTheWrongTypeAreSkippedAndCountedAndTheScrapeAnswers() {
        redis.flushAll();
        redis.hset("tom:stats:device:10.0.0.1", "complete", "1");
        for (String key : new String[] {"durations", "consumer", "last_success", "last_failure", "other_devices",
                "resets"}) {
            redis.sadd("tom:monitoring:{tom:metrics:stream}:" + key, "a set where another type belongs");
        }

        Exposition exposition = scrape();

        assertEquals(1.0, exposition.value("tom_redis_up"));
        assertEquals(6.0, malformed(exposition, "history"));
        assertEquals(1.0, exposition.value(jobs("all", "10.0.0.1", "success", "none")));
        assertOk(get("/api/monitoring/stats/summary"));
        assertOk(get("/api/monitoring/device_stats/10.0.0.1"));
    }

    private static void assertOk(java.net.http.HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.uri() + ": " + response.body());
    }

    private static byte[] concat(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] raw ? raw : bytes((String) part));
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String jobs(String worker, String device, String status, String errorType) {
        return Exposition.series("tom_jobs_total", "worker", worker, "device", device, "status", status,
                "error_type", errorType);
    }

    private static double malformed(Exposition exposition, String kind) {
        return exposition.value(Exposition.series("tom_malformed_records", "kind", kind));
    }
}
