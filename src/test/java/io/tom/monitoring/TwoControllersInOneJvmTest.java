package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.tom.monitoring.support.CapturedLog;
import io.tom.monitoring.support.ControllerHttp;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.TempFiles;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * A controller is an object: two in one JVM, each on its own Redis, share no refusals, pools,
 * threads or settings. Breaking one's Redis leaves the other's readiness, log and numbers as
 * they were.
 */
class TwoControllersInOneJvmTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void breakingOneControllersRedisLeavesTheOtherUnaffected() throws Exception {
        try (RedisServer redisA = RedisServer.startOnFreePort(); RedisServer redisB = RedisServer.startOnFreePort();
                CapturedLog log = new CapturedLog()) {
            try (RedisClient a = redisA.client(); RedisClient b = redisB.client()) {
                new TomFleetFixture(a).deviceStats("10.0.0.1", Map.of("complete", 4));
                new TomFleetFixture(b).deviceStats("10.0.0.2", Map.of("complete", 9, "failed", 1));
            }
            int portA = RedisServer.freePort();
            int portB = RedisServer.freePort();
            try (TomController controllerA = new TomController(settings(redisA, portA)).start();
                    TomController controllerB = new TomController(settings(redisB, portB)).start()) {
                assertEquals(200, ControllerHttp.response(portA, "/observe/health/ready").statusCode());
                assertEquals(200, ControllerHttp.response(portB, "/observe/health/ready").statusCode());
                Exposition before = ControllerHttp.scrape(portB);
                assertEquals(9.0, before.value(succeeded("10.0.0.2")));
                assertEquals(null, before.value(succeeded("10.0.0.1")), "B reads its own Redis only");
                assertEquals(4.0, ControllerHttp.scrape(portA).value(succeeded("10.0.0.1")));

                redisA.stop();
                assertEquals(0.0, ControllerHttp.scrape(portA).value("tom_redis_up"));
                io.tom.monitoring.support.Await.until(
                        () -> ControllerHttp.response(portA, "/observe/health/ready").statusCode() == 503, WAIT);
                String describedA = "redis://127.0.0.1:" + redisA.port() + "/0";
                String describedB = "redis://127.0.0.1:" + redisB.port() + "/0";
                assertFalse(log.linesWith("RedisRefusalLog", "Redis is unreachable", describedA).isEmpty(),
                        "A's refusal names A's Redis: " + log.lines());

                assertEquals(200, ControllerHttp.response(portB, "/observe/health/ready").statusCode(),
                        "B's readiness does not see A's refusals");
                Exposition after = ControllerHttp.scrape(portB);
                assertEquals(1.0, after.value("tom_redis_up"));
                assertEquals(9.0, after.value(succeeded("10.0.0.2")));
                assertEquals(1.0, after.value(Exposition.series("tom_jobs_total", "worker", "all", "device", "10.0.0.2",
                        "status", "failed", "error_type", "all")));
                assertEquals(200, ControllerHttp.response(portB, "/api/monitoring/device_stats/10.0.0.2").statusCode());
                assertTrue(log.linesWith("RedisRefusalLog", describedB).isEmpty(), "B logged no refusal: " + log.lines());
            }
        }
    }

    @Test
    void aControllerThatCannotStartSaysWhyAndLeavesNothingListening() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(routes.resolve("broken.yaml"), TempFiles.BROKEN_ROUTE);
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            int port = RedisServer.freePort();
            Map<String, String> settings = new java.util.HashMap<>(settings(redis, port));
            settings.put("tom.routes.dir", routes.toString());
            Exception failure = assertThrows(Exception.class, () -> new TomController(settings).start());
            String line = TomMonitoringApplication.describe(failure);
            assertTrue(line.contains("broken.yaml"), line);
            // the port is free again: a second controller can take it
            try (TomController next = new TomController(settings(redis, port)).start()) {
                assertEquals(200, ControllerHttp.response(port, "/observe/health/live").statusCode());
            }
        }
    }

    private static Map<String, String> settings(RedisServer redis, int port) {
        return Map.of("tom.redis.url", redis.url(), "tom.http.port", String.valueOf(port), "tom.http.host", "127.0.0.1",
                "tom.redis.timeout-ms", "1000");
    }

    private static String succeeded(String device) {
        return Exposition.series("tom_jobs_total", "worker", "all", "device", device, "status", "success",
                "error_type", "none");
    }
}
