package io.tom.monitoring.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.Heartbeat;
import io.tom.monitoring.domain.JobOutcome;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.resps.StreamEntry;

/**
 * What the writer records is, field by field, the layout Tom workers write (docs/redis-layout.md), and it is
 * read back identically by the scrape path and the REST API. One job's updates are atomic.
 */
class TomWriterInteropTest extends TomApplicationTestSupport {

    private static final long NOW = 1_795_000_000L;
    private TomWriter writer;

    @BeforeEach
    void cleanRedisAndWriter() {
        redis.flushAll();
        writer = new TomWriter(RedisConnections.standalone(redis));
    }

    @Test
    void writesTheLayoutTomWorkersWrite() {
        writer.recordJob(JobOutcome.success("worker-1", "2001:db8::1", "job-1", 1.25, NOW));
        writer.recordJob(JobOutcome.failure("worker-1", "2001:db8::1", ErrorType.AUTH, "job-2", "x".repeat(600),
                "y".repeat(1200), "cred-7", 2, 0.5, NOW + 1));
        writer.heartbeat(new Heartbeat("worker-1", 1795000002.125, "host-1", "1.4.2", "running", 4242L));

        for (String key : List.of("tom:stats:worker:worker-1", "tom:stats:device:2001:db8::1", "tom:stats:global")) {
            assertEquals(Map.of("complete", "1", "failed", "1", "auth_failed", "1"), redis.hgetAll(key), key);
            long ttl = redis.ttl(key);
            assertTrue(ttl > 3590 && ttl <= 3600, key + " TTL " + ttl);
        }

        List<StreamEntry> events = redis.xrange("tom:metrics:stream", "-", "+");
        assertEquals(Map.of("timestamp", String.valueOf(NOW), "worker", "worker-1", "device", "2001:db8::1",
                "status", "success", "error_type", "none", "duration", "1.25"), events.get(0).getFields());
        assertEquals(Map.of("timestamp", String.valueOf(NOW + 1), "worker", "worker-1", "device", "2001:db8::1",
                "status", "failed", "error_type", "auth", "duration", "0.5"), events.get(1).getFields());

        List<StreamEntry> failures = redis.xrange("tom:failed_commands", "-", "+");
        assertEquals(1, failures.size());
        Map<String, String> failure = failures.get(0).getFields();
        assertEquals(Set.of("device", "command", "error", "error_type", "job_id", "worker_id", "credential_id",
                "attempts", "timestamp"), failure.keySet());
        assertEquals(500, failure.get("command").length());
        assertEquals(1000, failure.get("error").length());
        assertEquals("auth", failure.get("error_type"));
        assertEquals("job-2", failure.get("job_id"));
        assertEquals("worker-1", failure.get("worker_id"));
        assertEquals("cred-7", failure.get("credential_id"));
        assertEquals("2", failure.get("attempts"));
        assertEquals(String.valueOf(NOW + 1), failure.get("timestamp"));

        JsonNode heartbeat = Json.parse(redis.get("tom:worker:heartbeat:worker-1"));
        assertEquals(Json.parse("{\"worker_id\":\"worker-1\",\"hostname\":\"host-1\",\"timestamp\":1795000002.125,"
                + "\"version\":\"1.4.2\",\"status\":\"running\",\"pid\":4242}"), heartbeat);
        long ttl = redis.ttl("tom:worker:heartbeat:worker-1");
        assertTrue(ttl > 50 && ttl <= 60, "heartbeat TTL " + ttl);
    }

    @Test
    void scrapeAndApiReadBackWhatTheWriterWrote() {
        writer.recordJob(JobOutcome.success("worker-1", "2001:db8::1", "job-1", 1.0, NOW));
        writer.recordJob(JobOutcome.success("worker-2", "2001:db8::1", "job-2", 1.0, NOW));
        writer.recordJob(JobOutcome.failure("worker-2", "2001:db8::1", ErrorType.TIMEOUT, "job-3", "show version",
                "timed out", "cred-1", 1, 30.0, NOW));
        writer.recordJob(JobOutcome.failure("worker-1", "core-1", ErrorType.GATING, "job-4", "show run",
                "device busy", "cred-1", 1, 0.1, NOW));

        Exposition metrics = scrape();
        assertEquals(2.0, metrics.value(jobs("all", "all", "success", "none")));
        assertEquals(2.0, metrics.value(jobs("all", "all", "failed", "all")));
        assertEquals(1.0, metrics.value(jobs("all", "all", "failed", "timeout")));
        assertEquals(1.0, metrics.value(jobs("all", "all", "failed", "gating")));
        assertEquals(2.0, metrics.value(jobs("all", "2001:db8::1", "success", "none")));
        assertEquals(1.0, metrics.value(jobs("worker-2", "all", "failed", "timeout")));
        assertEquals(4.0, metrics.value(Exposition.series("tom_stream_length", "stream", "tom:metrics:stream")));

        JsonNode device = Json.parse(get("/api/monitoring/device_stats/2001:db8::1").body());
        assertEquals(Json.parse("{\"total_success\":2,\"total_failed\":1,\"total\":3,\"failure_rate\":33.33,"
                + "\"error_breakdown\":{\"timeout\":1}}"), device.get("stats"));
        assertEquals("show version", device.get("recent_failures").get(0).get("command").asText());

        JsonNode summary = Json.parse(get("/api/monitoring/stats/summary").body());
        assertEquals(Json.parse("{\"total_jobs\":4,\"successful\":2,\"failed\":2,\"success_rate\":50.0}"),
                summary.get("global"));
    }

    @Test
    void recordJobRouteRecordsAMapAndClassifiesACaughtException() {
        template.sendBody("direct:tom-record-job", Map.of("worker", "camel-worker", "device", "10.9.9.9",
                "status", "success", "duration", 2.5, "job_id", "j-1"));
        template.send("direct:tom-record-job", exchange -> {
            exchange.getMessage().setBody(Map.of("worker", "camel-worker", "device", "10.9.9.9", "command",
                    "show clock", "job_id", "j-2"));
            exchange.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, new RuntimeException("wrapped",
                    new java.net.SocketTimeoutException("Read timed out")));
        });
        template.sendBody("direct:tom-record-job", "{\"worker\":\"camel-worker\",\"device\":\"10.9.9.9\","
                + "\"status\":\"failed\",\"error_type\":\"auth\",\"command\":\"show clock\",\"error\":\"denied\"}");

        assertEquals(Map.of("complete", "1", "failed", "2", "timeout_failed", "1", "auth_failed", "1"),
                redis.hgetAll("tom:stats:device:10.9.9.9"));
        List<StreamEntry> failures = redis.xrange("tom:failed_commands", "-", "+");
        assertEquals("wrapped", failures.get(0).getFields().get("error"));
        assertEquals("timeout", failures.get(0).getFields().get("error_type"));
        assertEquals("denied", failures.get(1).getFields().get("error"));
    }

    @Test
    void recordJobRouteRejectsAnIncompleteJob() {
        Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> template.sendBody("direct:tom-record-job", Map.of("worker", "w", "status", "failed",
                        "error_type", "auth")));
        assertTrue(String.valueOf(failure.getCause().getMessage()).contains("device is required"), failure.toString());
        failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> template.sendBody("direct:tom-record-job", Map.of("worker", "w", "device", "d",
                        "status", "failed", "error_type", "bogus")));
        assertTrue(String.valueOf(failure.getCause().getMessage()).contains("error_type must be one of"));
        assertTrue(redis.keys("tom:*").isEmpty(), "nothing written for a rejected job");
    }

    @Test
    void eachJobIsCountedAtomicallyUnderConcurrentWriters() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> inconsistencies = new ArrayList<>();
        Thread observer = new Thread(() -> {
            try (Jedis jedis = new Jedis(redis.getPool().getResource())) {
                while (writing.get()) {
                    Transaction tx = jedis.multi();
                    Response<Map<String, String>> global = tx.hgetAll("tom:stats:global");
                    Response<Map<String, String>> device = tx.hgetAll("tom:stats:device:shared-device");
                    Response<Long> events = tx.xlen("tom:metrics:stream");
                    tx.exec();
                    long globalJobs = jobsIn(global.get());
                    if (globalJobs != jobsIn(device.get()) || globalJobs != events.get()) {
                        inconsistencies.add(global.get() + " / " + device.get() + " / " + events.get());
                    }
                }
            }
        });
        observer.start();
        ExecutorService writers = Executors.newFixedThreadPool(6);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            String worker = "worker-" + w;
            done.add(writers.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    writer.recordJob(i % 7 == 0
                            ? JobOutcome.failure(worker, "shared-device", ErrorType.NETWORK, worker + "-" + i, "c", "e",
                                    "cred", 1, 0.1, NOW)
                            : JobOutcome.success(worker, "shared-device", worker + "-" + i, 0.1, NOW));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();
        writing.set(false);
        observer.join();

        assertEquals(List.of(), inconsistencies, "a reader saw a job counted in one place and not another");
        assertEquals(1800, jobsIn(redis.hgetAll("tom:stats:global")));
        assertEquals(1800, jobsIn(redis.hgetAll("tom:stats:device:shared-device")));
        Set<String> workers = new TreeSet<>(redis.keys("tom:stats:worker:*"));
        assertEquals(6, workers.size());
        for (String key : workers) {
            assertEquals(300, jobsIn(redis.hgetAll(key)), key);
        }
        assertEquals(1800, redis.xlen("tom:metrics:stream"));
        assertEquals(6 * 43, redis.xlen("tom:failed_commands"));
    }

    private static long jobsIn(Map<String, String> hash) {
        Map<String, String> h = new HashMap<>(hash);
        return Long.parseLong(h.getOrDefault("complete", "0")) + Long.parseLong(h.getOrDefault("failed", "0"));
    }

    private static String jobs(String worker, String device, String status, String errorType) {
        return Exposition.series("tom_jobs_total", "worker", worker, "device", device, "status", status,
                "error_type", errorType);
    }
}
