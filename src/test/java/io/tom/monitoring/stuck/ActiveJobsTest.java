package io.tom.monitoring.stuck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.simulator.FleetSimulator;
import io.tom.monitoring.simulator.SimulatorOptions;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.CapturedLog;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stuck work, from SAQ's active lists and each job's JSON: how long the longest-running job of each
 * queue has run, how many run past their own timeout plus the grace, and which jobs they are
 * (GET /api/monitoring/active_jobs), never with the credential Tom's request model carries.
 */
class ActiveJobsTest extends TomApplicationTestSupport {

    private static final String PASSWORD = "Inline-Pa55word-7f3c9e";

    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.queues", "default,backups,broken", "tom.jobs.overdue-grace", "5s");
    }

    @BeforeEach
    void emptyRedis() {
        redis.flushAll();
    }

    @Test
    void activeJobsAreListedLongestRunningFirstWithTheirDeviceAndWhetherTheyAreOverdue() {
        double now = new TomFleetFixture(redis).redisTime();
        // runs 100 s against a 10 s timeout: overdue; its request model is a JSON string, as Tom writes it
        activeJob("default", "hung-1", (long) ((now - 100) * 1000), 10, Map.of("json", Json.write(request("10.0.0.1", 22,
                "cisco_ios"))), "worker-a");
        // 30 s into a one-hour timeout; its request model an object
        activeJob("default", "long-1", (long) ((now - 30) * 1000), 3600, Map.of("json", request("2001:db8::5", 830,
                "juniper_junos")), null);
        // no timeout at all: never overdue
        activeJob("backups", "backup-1", (long) ((now - 5) * 1000), 0, Map.of(), null);
        // taken by a worker, not started yet
        activeJob("default", "starting-1", 0, 10, Map.of(), null);
        redis.rpush("saq:default:active", "saq:job:default:gone");  // finished between the two reads
        redis.set("saq:job:default:garbled", "not json");
        redis.rpush("saq:default:active", "saq:job:default:garbled");
        redis.set("saq:broken:active", "a string, not SAQ's list");

        Exposition scrape = scrape();
        assertBetween(100, 160, scrape.value(Exposition.series("tom_queue_oldest_active_seconds", "queue", "default")));
        assertBetween(5, 65, scrape.value(Exposition.series("tom_queue_oldest_active_seconds", "queue", "backups")));
        assertEquals(1.0, scrape.value(Exposition.series("tom_jobs_overdue", "queue", "default")));
        assertEquals(0.0, scrape.value(Exposition.series("tom_jobs_overdue", "queue", "backups")));
        assertNull(scrape.value(Exposition.series("tom_jobs_overdue", "queue", "broken")),
                "an unreadable active list has no figure, not a false 0");
        assertNull(scrape.value(Exposition.series("tom_queue_oldest_active_seconds", "queue", "broken")));
        assertEquals("gauge", scrape.type("tom_queue_oldest_active_seconds"));

        HttpResponse<String> response = get("/api/monitoring/active_jobs");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = Json.parse(response.body());
        assertEquals(List.of("hung-1", "long-1", "backup-1", "starting-1"), keys(body));
        assertEquals(4, body.get("total").asInt());
        assertEquals(1, body.get("overdue").asInt());
        assertEquals(2, body.get("skipped_records").get("queue").asInt(), "the garbled job and the broken list");
        JsonNode hung = body.get("jobs").get(0);
        assertEquals("default", hung.get("queue").asText());
        assertEquals("run_command", hung.get("function").asText());
        assertEquals("10.0.0.1", hung.get("host").asText());
        assertEquals(22, hung.get("port").asInt());
        assertEquals("cisco_ios", hung.get("device_type").asText());
        assertTrue(hung.get("started").asText().endsWith("Z"), hung.toString());
        assertTrue(hung.get("seconds_running").asLong() >= 100, hung.toString());
        assertEquals(10.0, hung.get("timeout_seconds").asDouble());
        assertTrue(hung.get("overdue").asBoolean());
        assertEquals("worker-a", hung.get("worker").asText());
        JsonNode longRunning = body.get("jobs").get(1);
        assertEquals("2001:db8::5", longRunning.get("host").asText());
        assertEquals(830, longRunning.get("port").asInt());
        assertFalse(longRunning.get("overdue").asBoolean());
        assertTrue(longRunning.get("worker").isNull(), "SAQ releases that record no worker show null");
        JsonNode starting = body.get("jobs").get(3);
        assertTrue(starting.get("started").isNull());
        assertEquals(0, starting.get("seconds_running").asLong());
        assertTrue(starting.get("host").isNull());

        assertEquals(List.of("backup-1"), keys(Json.parse(get("/api/monitoring/active_jobs?queue=backups").body())));
        JsonNode first = Json.parse(get("/api/monitoring/active_jobs?limit=1").body());
        assertEquals(List.of("hung-1"), keys(first));
        assertEquals(4, first.get("total").asInt(), "total counts every active job, limit only the list");
        HttpResponse<String> unknown = get("/api/monitoring/active_jobs?queue=nope");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("TOM_QUEUES"), unknown.body());
        assertEquals(400, get("/api/monitoring/active_jobs?limit=0").statusCode());
    }

    @Test
    void noQueueRunningAnythingShowsZerosAndAnEmptyList() {
        Exposition scrape = scrape();
        assertEquals(0.0, scrape.value(Exposition.series("tom_queue_oldest_active_seconds", "queue", "default")));
        assertEquals(0.0, scrape.value(Exposition.series("tom_jobs_overdue", "queue", "default")));
        JsonNode body = Json.parse(get("/api/monitoring/active_jobs").body());
        assertEquals(0, body.get("jobs").size());
        assertEquals(0, body.get("total").asInt());
    }

    @Test
    void aJobsInlinePasswordAppearsInNoResponseMetricOrLog() {
        double now = new TomFleetFixture(redis).redisTime();
        try (CapturedLog log = new CapturedLog()) {
            Map<String, Object> request = request("10.9.9.9", 22, "cisco_ios");
            request.put("credential", Map.of("type", "inline", "username", "netops", "password", PASSWORD));
            activeJob("default", "with-password", (long) ((now - 600) * 1000), 10, Map.of("json", Json.write(request)),
                    "worker-z");
            // the same password in JSON no parser accepts, and in a request model that is not JSON
            redis.set("saq:job:default:cut-short", "{\"kwargs\": {\"json\": \"{\\\"credential\\\": {\\\"password\\\": \\\""
                    + PASSWORD);
            redis.rpush("saq:default:active", "saq:job:default:cut-short");
            activeJob("default", "odd-model", (long) ((now - 60) * 1000), 10,
                    Map.of("json", "password=" + PASSWORD + " host=10.9.9.9"), null);
            new TomFleetFixture(redis).deviceStats("10.9.9.9", Map.of("complete", 1))
                    .failedCommand((long) now, "worker-z", "10.9.9.9", "auth", "with-password");

            List<String> answers = new ArrayList<>();
            for (String path : List.of("/api/metrics", "/api/monitoring/workers", "/api/monitoring/stats/summary",
                    "/api/monitoring/failed_commands", "/api/monitoring/device_stats/10.9.9.9",
                    "/api/monitoring/active_jobs", "/api/monitoring/active_jobs?queue=default",
                    "/api/monitoring/openapi.json", "/observe/health")) {
                HttpResponse<String> response = get(path);
                assertTrue(response.statusCode() < 500, path + " answered " + response.statusCode());
                answers.add(path + " " + response.headers().map() + " " + response.body());
            }
            answers.add(get("/api/metrics", "Accept", "application/openmetrics-text; version=1.0.0").body());
            JsonNode listed = Json.parse(get("/api/monitoring/active_jobs").body());
            assertEquals("10.9.9.9", listed.get("jobs").get(0).get("host").asText(), "the job itself is listed");
            assertTrue(listed.get("jobs").get(0).get("overdue").asBoolean());

            for (String answer : answers) {
                assertFalse(answer.contains(PASSWORD), "the password leaked: " + answer);
                assertFalse(answer.contains("netops"), "the credential's user name leaked: " + answer);
            }
            for (String line : log.lines()) {
                assertFalse(line.contains(PASSWORD), "the password is in the log: " + line);
            }
        }
    }

    @Test
    void theSimulatorsHangingJobsShowAsOverdueAndEndWhenItStops() throws Exception {
        FleetSimulator simulator = new FleetSimulator(new SimulatorOptions(2, 10, 2, 0, 1.0, Duration.ZERO,
                redisServer.url(), List.of(), "default"), RedisConnections.standalone(redis),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                simulator.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            // the simulated jobs' 10 s timeout plus the 5 s grace
            Await.until(() -> scrape().value(Exposition.series("tom_jobs_overdue", "queue", "default")) >= 1,
                    Duration.ofSeconds(90));
            JsonNode oldest = Json.parse(get("/api/monitoring/active_jobs").body()).get("jobs").get(0);
            assertTrue(oldest.get("overdue").asBoolean(), oldest.toString());
            assertFalse(oldest.get("host").isNull(), "the simulator's jobs name their device: " + oldest);
            assertFalse(oldest.get("device_type").isNull(), oldest.toString());
            assertTrue(oldest.get("seconds_running").asLong() >= 15, oldest.toString());
        } finally {
            simulator.stop();
            run.get(60, TimeUnit.SECONDS);
        }
        Exposition after = scrape();
        assertEquals(0.0, after.value(Exposition.series("tom_jobs_overdue", "queue", "default")));
        assertEquals(0, Json.parse(get("/api/monitoring/active_jobs").body()).get("total").asInt(),
                "hanging jobs end, as timeouts, when the simulator stops");
        assertTrue(Long.parseLong(redis.hget("tom:stats:global", "timeout_failed")) >= 1);
    }

    private void activeJob(String queue, String key, long startedMillis, int timeoutSeconds, Map<String, Object> kwargs,
            String worker) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("function", "run_command");
        job.put("kwargs", kwargs);
        job.put("queue", queue);
        job.put("key", key);
        job.put("timeout", timeoutSeconds);
        job.put("queued", Math.max(0, startedMillis - 50));
        job.put("started", startedMillis);
        job.put("touched", startedMillis);
        job.put("attempts", 1);
        job.put("status", "active");
        if (worker != null) {
            job.put("worker_id", worker);
        }
        String id = "saq:job:" + queue + ":" + key;
        redis.set(id, Json.write(job));
        redis.rpush("saq:" + queue + ":active", id);
    }

    private static Map<String, Object> request(String host, int port, String deviceType) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("host", host);
        request.put("port", port);
        request.put("device_type", deviceType);
        request.put("command", "show version");
        request.put("credential", Map.of("id", "cred-lab-1"));
        return request;
    }

    private static List<String> keys(JsonNode body) {
        List<String> keys = new ArrayList<>();
        body.get("jobs").forEach(job -> keys.add(job.get("key").asText()));
        return keys;
    }

    private static void assertBetween(double low, double high, Double value) {
        assertTrue(value != null && value >= low && value <= high, "expected " + low + ".." + high + ", got " + value);
    }
}
