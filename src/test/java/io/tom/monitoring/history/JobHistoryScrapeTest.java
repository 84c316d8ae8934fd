package io.tom.monitoring.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.JobEvents;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.XAddParams;

/**
 * Events written in the upstream layout become the duration histogram, each device's last success
 * and failure, and the consumer's counts: equal to an independent computation from the events.
 */
class JobHistoryScrapeTest extends TomApplicationTestSupport {

    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.history.poll-interval", "100ms", "tom.history.batch-size", "50");
    }

    @BeforeEach
    void cleanRedis() {
        redis.flushAll();
    }

    @Test
    void histogramTimestampsAndCountsEqualWhatTheEventsSay() {
        JobEvents events = new JobEvents(redis, JobEvents.DEFAULT_BOUNDS);
        String[] durations = {"0.1", "0.5", "0.5000001", "1.2345678901234", "2.5", "7", "59.999", "600", "600.5",
                "3600.25", "0"};
        for (int i = 0; i < 400; i++) {
            String worker = "worker-" + (i % 3);
            String device = i % 4 == 0 ? "2001:db8::" + (i % 7) : "10.0.0." + (i % 9);
            String duration = durations[i % durations.length];
            if (i % 5 == 0) {
                events.add(worker, device, "failed", i % 10 == 0 ? "timeout" : "auth", duration);
            } else {
                events.add(worker, device, "success", "none", i % 13 == 0 ? null : duration);
            }
        }
        // malformed: skipped, acknowledged and counted
        redis.xadd(JobEvents.STREAM, XAddParams.xAddParams(), Map.of("worker", "w", "device", "d", "status", "done",
                "error_type", "none", "timestamp", "1"));
        redis.xadd(JobEvents.STREAM, XAddParams.xAddParams(), Map.of("worker", "w", "device", "d", "status", "success",
                "error_type", "none", "timestamp", "1", "duration", "-3"));
        redis.xadd(JobEvents.STREAM, XAddParams.xAddParams(), Map.of("device", "d", "status", "success",
                "error_type", "none", "timestamp", "1"));

        Await.until(() -> Double.valueOf(events.written()).equals(scrape().value("tom_job_events_consumed_total")),
                Duration.ofSeconds(20));
        Exposition exposition = scrape();

        assertEquals(events.histogramSamples(), exposition.samplesStartingWith("tom_job_duration_seconds"));
        assertEquals(events.lastTimestamps(true),
                exposition.samplesStartingWith("tom_device_last_success_timestamp_seconds"));
        assertEquals(events.lastTimestamps(false),
                exposition.samplesStartingWith("tom_device_last_failure_timestamp_seconds"));
        assertEquals(3.0, exposition.value(Exposition.series("tom_malformed_records", "kind", "event")));
        assertEquals(0.0, exposition.value("tom_job_events_lost_total"));
        assertEquals(0.0, exposition.value("tom_job_events_lag"));
        assertEquals("histogram", exposition.type("tom_job_duration_seconds"));
    }

    @Test
    void oversizedEventsAndNamesThatAreNotUtf8AreSkippedAndCountedNeverExported() {
        redis.xadd(JobEvents.STREAM, XAddParams.xAddParams(), Map.of("worker", "w", "device", "d".repeat(2_000_000),
                "status", "success", "error_type", "none", "timestamp", "1"));
        redis.xadd(JobEvents.STREAM.getBytes(java.nio.charset.StandardCharsets.UTF_8), XAddParams.xAddParams(),
                Map.of(bytes("worker"), bytes("w"), bytes("device"), new byte[] {'r', (byte) 0xff, (byte) 0xfe},
                        bytes("status"), bytes("success"), bytes("error_type"), bytes("none"), bytes("timestamp"),
                        bytes("1")));
        JobEvents events = new JobEvents(redis, JobEvents.DEFAULT_BOUNDS);
        events.add("w", "10.0.0.1", "success", "none", "1");
        Await.until(() -> {
            Exposition now = scrape();
            return Double.valueOf(2).equals(now.value(Exposition.series("tom_malformed_records", "kind", "event")))
                    && Double.valueOf(1).equals(now.value("tom_job_events_consumed_total"));
        }, Duration.ofSeconds(20));

        Exposition exposition = scrape();
        assertEquals(1.0, exposition.value("tom_job_events_consumed_total"));
        assertEquals(events.lastTimestamps(true),
                exposition.samplesStartingWith("tom_device_last_success_timestamp_seconds"));
        assertTrue(exposition.text().length() < 200_000, "no 2 MB label: " + exposition.text().length());
        assertTrue(!exposition.text().contains("\uFFFD"), "no mangled label");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anEventDatedInTheFutureCountsAtRedisTimeNotForEver() {
        // an entry id in 2100 (a clock jump, an id written by hand): every later id is above it too
        long year2100 = 4_102_444_800_000L;
        redis.xadd(JobEvents.STREAM, XAddParams.xAddParams().id(year2100, 0), Map.of("worker", "w", "device",
                "10.0.0.1", "status", "success", "error_type", "none", "timestamp", "4102444800"));
        redis.xadd(JobEvents.STREAM, XAddParams.xAddParams(), Map.of("worker", "w", "device", "10.0.0.2",
                "status", "failed", "error_type", "auth", "timestamp", "1"));
        Await.until(() -> Double.valueOf(2).equals(scrape().value("tom_job_events_consumed_total")),
                Duration.ofSeconds(20));
        double after = new TomFleetFixture(redis).redisTime();

        Exposition exposition = scrape();
        double success = exposition.value(Exposition.series("tom_device_last_success_timestamp_seconds", "device",
                "10.0.0.1"));
        double failure = exposition.value(Exposition.series("tom_device_last_failure_timestamp_seconds", "device",
                "10.0.0.2"));
        assertTrue(success <= after && success > after - 60, "at Redis's time: " + success);
        assertTrue(failure <= after && failure > after - 60, "at Redis's time: " + failure);
    }

    @Test
    void theApiShowsLastSuccessFailureAndFleetPercentiles() {
        JobEvents events = new JobEvents(redis, JobEvents.DEFAULT_BOUNDS);
        // 98 successes of 0.25 s on one device, then two failures of 0.75 s
        for (int i = 0; i < 98; i++) {
            events.add("worker-1", "2001:db8::1", "success", "none", "0.25");
        }
        events.add("worker-1", "2001:db8::1", "failed", "auth", "0.75");
        events.add("worker-1", "2001:db8::1", "failed", "auth", "0.75");
        Await.until(() -> Double.valueOf(100).equals(scrape().value("tom_job_events_consumed_total")),
                Duration.ofSeconds(20));

        JsonNode device = Json.parse(get("/api/monitoring/device_stats/2001:db8::1").body());
        assertEquals(iso(events.lastTimestamps(true).values().iterator().next()), device.get("last_success").asText());
        assertEquals(iso(events.lastTimestamps(false).values().iterator().next()), device.get("last_failure").asText());

        JsonNode durations = Json.parse(get("/api/monitoring/stats/summary").body()).get("durations");
        assertEquals(100, durations.get("count").asInt());
        // as histogram_quantile: ranks 50 and 95 of the 98 in (0, 0.5]; rank 99 is 1 of the 2 in (0.5, 1]
        assertEquals(Math.round(0.5 * 50 / 98 * 1000) / 1000.0, durations.get("p50").asDouble());
        assertEquals(Math.round(0.5 * 95 / 98 * 1000) / 1000.0, durations.get("p95").asDouble());
        assertEquals(0.75, durations.get("p99").asDouble());
    }

    @Test
    void aDeviceWithoutHistoryHasNullTimesAndAnEmptyHistoryNoPercentiles() {
        redis.hset("tom:stats:device:10.1.1.1", "complete", "3");
        JsonNode device = Json.parse(get("/api/monitoring/device_stats/10.1.1.1").body());
        assertEquals(true, device.get("last_success").isNull());
        assertEquals(true, device.get("last_failure").isNull());
        JsonNode durations = Json.parse(get("/api/monitoring/stats/summary").body()).get("durations");
        assertEquals(0, durations.get("count").asInt());
        assertEquals(true, durations.get("p50").isNull());
    }

    @Test
    void queueLatencyAndScheduledJobsComeFromSaqsOwnKeys() {
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        long oldest = (long) (now * 1000) - 90_500;
        fleet.saqJobsQueuedAt("default", 4, oldest)
                .saqJobScheduledAt("default", "retry-1", now + 120)
                .saqJobScheduledAt("default", "retry-2", now + 3600)
                .saqJobScheduledAt("default", "overdue", now - 5);

        Exposition exposition = scrape();
        double latency = exposition.value(Exposition.series("tom_queue_latency_seconds", "queue", "default"));
        assertTrue(latency >= 90.5 && latency < 90.5 + (fleet.redisTime() - now) + 0.001, "age of the head: " + latency);
        assertEquals(2.0, exposition.value(Exposition.series("tom_queue_scheduled", "queue", "default")),
                "only the ones due later");

        // the head's job is gone: the next head is used and the gone one counted
        redis.del("saq:job:default:waiting-0");
        Exposition afterExpiry = scrape();
        double next = afterExpiry.value(Exposition.series("tom_queue_latency_seconds", "queue", "default"));
        assertTrue(next >= 90.499 - 1e-6 && next < 90.499 + (fleet.redisTime() - now) + 0.001,
                "the second job, 1 ms younger: " + next);
        assertEquals(1.0, afterExpiry.value(Exposition.series("tom_malformed_records", "kind", "queue")));

        JsonNode queue = Json.parse(get("/api/monitoring/stats/summary").body()).get("queues").get(0);
        assertEquals("default", queue.get("queue").asText());
        assertEquals(4, queue.get("depth").asInt());
        assertEquals(2, queue.get("scheduled").asInt());
        assertTrue(queue.get("latency_seconds").asDouble() >= 90.4);
    }

    @Test
    void anEmptyQueueHasNoLatency() {
        Exposition exposition = scrape();
        assertEquals(0.0, exposition.value(Exposition.series("tom_queue_latency_seconds", "queue", "default")));
        assertEquals(0.0, exposition.value(Exposition.series("tom_queue_scheduled", "queue", "default")));
    }

    private static String iso(double epochSeconds) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(Math.round(epochSeconds * 1000)));
    }
}
