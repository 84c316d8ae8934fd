package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.SlowProxy;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.RedisClient;

/**
 * Time bounds against a real redis-server that hangs (SIGSTOP, DEBUG SLEEP, CLIENT PAUSE): every
 * request answers within TOM_REDIS_TIMEOUT_MS plus a small margin. Behind a proxy that delays
 * every reply, a scrape stops at its budget (TOM_SCRAPE_TIMEOUT, or just under Prometheus's
 * X-Prometheus-Scrape-Timeout-Seconds) with tom_redis_up 0 and kind timeout, and scrapes
 * waiting for their turn wait no longer than theirs.
 */
class TimeBoundsIT {

    private static final int REDIS_TIMEOUT_MS = 1000;
    /**
     * Margin over the Redis timeout for the HTTP round trip and the answer's writing, wide enough for
     * a machine whose cores are saturated (bin/test is run so). It still tells a bounded answer from
     * an unbounded one: without the bounds the requests here would wait for Redis, up to the client's 30 s.
     */
    private static final long MARGIN_MS = 2000;
    private static final List<String> REQUESTS = List.of("/api/metrics", "/api/monitoring/workers",
            "/api/monitoring/stats/summary", "/api/monitoring/failed_commands", "/api/monitoring/device_stats/10.0.0.1",
            "/observe/health/ready");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        // Redis 7 refuses DEBUG unless enabled
        redis = RedisServer.startOnFreePort("--enable-debug-command", "local");
        try (RedisClient client = redis.client()) {
            TomFleetFixture fleet = new TomFleetFixture(client);
            fleet.globalStats(Map.of("complete", 3)).deviceStats("10.0.0.1", Map.of("complete", 3))
                    .heartbeat("w1", fleet.redisTime());
            // enough keys for a scrape of many round trips through the slow proxy
            for (int i = 0; i < 3000; i++) {
                client.hset("tom:stats:device:10.1." + (i / 250) + "." + (i % 250), "complete", "1");
            }
        }
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aFrozenRedisAnswersEveryRequestWithinTheRedisTimeout() throws Exception {
        try (ControllerProcess controller = start(redis.port(), Map.of())) {
            int port = portOf(controller);
            redis.freeze();
            try {
                assertEveryRequestBounded(port);
            } finally {
                redis.thaw();
            }
        }
    }

    @Test
    void aSleepingRedisAnswersEveryRequestWithinTheRedisTimeout() throws Exception {
        try (ControllerProcess controller = start(redis.port(), Map.of())) {
            int port = portOf(controller);
            CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
                try (Jedis admin = new Jedis("127.0.0.1", redis.port(), 30_000)) {
                    admin.sendCommand(() -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "SLEEP", "10");
                }
            });
            // until Redis is asleep: a PING then goes unanswered
            Await.until(() -> {
                try (Jedis probe = new Jedis("127.0.0.1", redis.port(), 200)) {
                    probe.ping();
                    return false;
                } catch (RuntimeException asleep) {
                    return true;
                }
            }, Duration.ofSeconds(5));
            assertEveryRequestBounded(port);
            sleeping.join();
        }
    }

    @Test
    void aPausedRedisAnswersEveryRequestWithinTheRedisTimeout() throws Exception {
        try (ControllerProcess controller = start(redis.port(), Map.of())) {
            int port = portOf(controller);
            try (Jedis admin = new Jedis("127.0.0.1", redis.port())) {
                admin.clientPause(8_000, ClientPauseMode.ALL);
                try {
                    assertEveryRequestBounded(port);
                } finally {
                    admin.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
                }
            }
        }
    }

    @Test
    void aSlowRedisStopsTheScrapeAtItsBudget() throws Exception {
        try (SlowProxy slow = new SlowProxy(redis.port(), 150);
                ControllerProcess controller = start(slow.port(), Map.of("TOM_SCRAPE_TIMEOUT", "2s",
                        "TOM_REDIS_SCAN_COUNT", "50"))) {
            int port = portOf(controller);
            long started = System.nanoTime();
            HttpResponse<String> scrape = get(port, "/api/metrics", null);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(200, scrape.statusCode());
            Exposition metrics = Exposition.parse(scrape.body());
            assertEquals(0.0, metrics.value("tom_redis_up"), "stopped, not served late");
            assertEquals(1.0, metrics.value("tom_redis_errors{kind=\"timeout\"}"));
            assertTrue(millis < 2_000 + 3 * 150 + MARGIN_MS, "answered at the 2 s budget, took " + millis + " ms");
            controller.awaitOutput("Redis did not answer in time while scraping", Duration.ofSeconds(5));
        }
    }

    @Test
    void prometheusTimeoutHeaderBoundsEveryScrapeIncludingThoseWaitingTheirTurn() throws Exception {
        try (SlowProxy slow = new SlowProxy(redis.port(), 150);
                ControllerProcess controller = start(slow.port(), Map.of("TOM_REDIS_SCAN_COUNT", "50",
                        "TOM_METRICS_MAX_CONCURRENT_SCRAPES", "1"))) {
            int port = portOf(controller);
            long started = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> scrapes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                scrapes.add(CompletableFuture.supplyAsync(() -> get(port, "/api/metrics", "1.5")));
            }
            for (CompletableFuture<HttpResponse<String>> scrape : scrapes) {
                HttpResponse<String> answer = scrape.join();
                long millis = (System.nanoTime() - started) / 1_000_000;
                // 1.5 s less a tenth for the way back: 1.35 s, plus at most one slow round trip
                assertTrue(millis < 1_350 + 3 * 150 + MARGIN_MS, "every scrape within its budget, took " + millis);
                if (answer.statusCode() == 200) {
                    assertEquals(1.0, Exposition.parse(answer.body()).value("tom_redis_errors{kind=\"timeout\"}"));
                } else {
                    assertEquals(503, answer.statusCode(), answer.body());
                    assertEquals("busy", Json.parse(answer.body()).path("error").asText());
                }
            }
        }
    }

    private static void assertEveryRequestBounded(int port) {
        for (String path : REQUESTS) {
            long started = System.nanoTime();
            HttpResponse<String> answer = get(port, path, null);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < REDIS_TIMEOUT_MS + MARGIN_MS, path + " answered in " + millis + " ms");
            if (path.equals("/api/metrics")) {
                assertEquals(200, answer.statusCode());
                assertEquals(0.0, Exposition.parse(answer.body()).value("tom_redis_up"), answer.body());
            } else {
                assertEquals(503, answer.statusCode(), path + ": " + answer.body());
            }
            if (path.startsWith("/api/monitoring/")) {
                String detail = Json.parse(answer.body()).path("detail").asText();
                assertTrue(detail.startsWith("Redis did not answer in time"), path + ": " + detail);
            }
        }
    }

    private static HttpResponse<String> get(int port, String path, String prometheusTimeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (prometheusTimeout != null) {
            request.header("X-Prometheus-Scrape-Timeout-Seconds", prometheusTimeout);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    private static final Map<ControllerProcess, Integer> PORTS = new HashMap<>();

    private static ControllerProcess start(int redisPort, Map<String, String> more) throws Exception {
        int port = RedisServer.freePort();
        Map<String, String> environment = new HashMap<>(Map.of("TOM_REDIS_URL", "redis://127.0.0.1:" + redisPort + "/0",
                "TOM_HTTP_PORT", String.valueOf(port), "TOM_HTTP_HOST", "127.0.0.1",
                "TOM_REDIS_TIMEOUT_MS", String.valueOf(REDIS_TIMEOUT_MS), "TOM_TRIM_ENABLED", "false"));
        environment.putAll(more);
        ControllerProcess controller = ControllerProcess.start(dir, environment);
        PORTS.put(controller, port);
        controller.awaitHealthy(port, Duration.ofSeconds(60));
        return controller;
    }

    private static int portOf(ControllerProcess controller) {
        return PORTS.get(controller);
    }
}
