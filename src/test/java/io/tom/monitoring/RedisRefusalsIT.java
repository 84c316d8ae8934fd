package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.ControllerHttp;
import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

/**
 * Redis refusing, as operators meet it, against real redis-server processes with a password and
 * ACL users: every API endpoint answers 503 saying which refusal, never empty data or a 404; the
 * scrape says tom_redis_up 0 with tom_redis_errors{kind}, or counts the records an ACL hides; each
 * kind is logged once a minute with the fix; readiness follows. The ACL lines of docs/operations.md are applied
 * as written and serve everything.
 */
class RedisRefusalsIT {

    private static final String PASSWORD = "admin-secret";
    private static final List<String> ENDPOINTS = List.of("/api/monitoring/workers", "/api/monitoring/stats/summary",
            "/api/monitoring/failed_commands", "/api/monitoring/device_stats/10.0.0.1");

    @TempDir
    static Path dir;

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startOnFreePort("--requirepass", PASSWORD, "--busy-reply-threshold", "100");
        try (Jedis admin = admin(redis); RedisClient client = redisClient(redis)) {
            TomFleetFixture fleet = new TomFleetFixture(client);
            fleet.globalStats(Map.of("complete", 5, "failed", 1))
                    .deviceStats("10.0.0.1", Map.of("complete", 3))
                    .deviceStats("10.0.0.2", Map.of("complete", 1, "failed", 1))
                    .workerStats("w1", Map.of("complete", 5, "failed", 1))
                    .heartbeat("w1", fleet.redisTime())
                    .failedCommand(1, "w1", "10.0.0.2", "auth", "job-1")
                    .metricsEvent(1763042000, "w1", "10.0.0.1", "success", "none");
            admin.ping();
        }
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aWrongPasswordIsAnAuthenticationErrorEverywhere() throws Exception {
        try (ControllerProcess controller = start("redis://:wrong@127.0.0.1:" + redis.port() + "/0", Map.of())) {
            int port = portOf(controller);
            for (String endpoint : ENDPOINTS) {
                assertRefused(port, endpoint, "Redis refused authentication");
            }
            Exposition scrape = ControllerHttp.scrape(port);
            assertEquals(0.0, scrape.value("tom_redis_up"));
            assertEquals(1.0, scrape.value("tom_redis_errors{kind=\"authentication\"}"));
            assertEquals(0.0, scrape.value("tom_redis_errors{kind=\"permission\"}"));
            HttpResponse<String> ready = ControllerHttp.response(port, "/observe/health/ready");
            assertEquals(503, ready.statusCode());
            assertFalse(ready.body().contains("WRONGPASS"), "Redis's error text stays in the log: " + ready.body());
            controller.awaitOutput("Fix: set the Redis user and password in TOM_REDIS_URL", Duration.ofSeconds(10));
            assertEquals(1, count(controller.output(), "Redis refused authentication while"),
                    "once a minute, not once a request: " + controller.output());
        }
    }

    @Test
    void anAclThatHidesDeviceKeysIsReportedNotHidden() throws Exception {
        try (Jedis admin = admin(redis)) {
            admin.aclSetUser("no-devices", documentedRules("tom-monitoring", "no-devices-secret").replace(
                    "%R~tom:*", "%R~tom:stats:global %R~tom:stats:worker:* %R~tom:worker:heartbeat:*"
                            + " %R~tom:failed_commands").split(" "));
        }
        try (ControllerProcess controller = start("redis://no-devices:no-devices-secret@127.0.0.1:" + redis.port()
                + "/0", Map.of("TOM_TRIM_ENABLED", "false"))) {
            int port = portOf(controller);
            assertRefused(port, "/api/monitoring/device_stats/10.0.0.1", "Redis refused the command: missing permission");
            Exposition scrape = ControllerHttp.scrape(port);
            assertEquals(1.0, scrape.value("tom_redis_up"), "what could be read is served");
            assertEquals(2.0, scrape.value("tom_redis_errors{kind=\"permission\"}"), "the two device hashes");
            assertEquals(0.0, scrape.value("tom_malformed_records{kind=\"stats\"}"), "refused is not malformed");
            assertEquals(5.0, scrape.value("tom_jobs_total{device=\"all\",error_type=\"none\",status=\"success\","
                    + "worker=\"all\"}"), scrape.samplesStartingWith("tom_jobs").toString());
            assertRefused(port, "/api/monitoring/stats/summary", "Redis refused the command: missing permission");
            assertEquals(503, ControllerHttp.response(port, "/observe/health/ready").statusCode(),
                    "readiness says what the endpoints can do");
            controller.awaitOutput("let the controller's Redis user read Tom's keys", Duration.ofSeconds(10));
        }
    }

    @Test
    void theDocumentedAclsServeEveryEndpointAndTheTrimmerTrims() throws Exception {
        try (Jedis admin = admin(redis)) {
            admin.aclSetUser("tom-monitoring", documentedRules("tom-monitoring", "ro-secret").split(" "));
            admin.aclSetUser("tom-monitoring-trimmer", documentedRules("tom-monitoring-trimmer", "trim-secret").split(" "));
            admin.aclLogReset();
        }
        try (ControllerProcess readOnly = start("redis://tom-monitoring:ro-secret@127.0.0.1:" + redis.port() + "/0",
                Map.of("TOM_TRIM_ENABLED", "false"))) {
            int port = portOf(readOnly);
            assertEverythingServed(port);
            // the history consumer aggregated the event with this user's rights
            try {
                Await.until(() -> Double.valueOf(1.0).equals(ControllerHttp.value(port,
                        "tom_job_events_consumed_total")), Duration.ofSeconds(20));
            } catch (RuntimeException notConsumed) {
                throw new AssertionError("the event was not consumed: " + ControllerHttp.scrape(port)
                        .samplesStartingWith("tom_job_events") + " " + deniedSinceReset() + "\n" + readOnly.output());
            }
            assertEquals(List.of(), deniedSinceReset(), "nothing the controller did was refused");
        }
        try (Jedis admin = admin(redis)) {
            for (int i = 0; i < 5; i++) {
                admin.xadd("tom:failed_commands", StreamEntryID.NEW_ENTRY, Map.of("timestamp", "1",
                        "worker_id", "w1", "device", "10.0.0.2", "command", "show version", "error_type", "auth",
                        "error", "denied", "job_id", "job-" + i));
            }
        }
        try (ControllerProcess trimmer = start("redis://tom-monitoring-trimmer:trim-secret@127.0.0.1:" + redis.port()
                + "/0", Map.of("TOM_TRIM_INTERVAL", "500ms", "TOM_TRIM_FAILED_COMMANDS_MAXLEN", "2"))) {
            int port = portOf(trimmer);
            assertEverythingServed(port);
            Await.until(() -> {
                try (Jedis admin = admin(redis)) {
                    return admin.xlen("tom:failed_commands") == 2;
                }
            }, Duration.ofSeconds(20));
            assertEquals(List.of(), deniedSinceReset(), "nothing the trimming controller did was refused");
        }
    }

    @Test
    void aBusyRedisIsReportedAsBusy() throws Exception {
        try (ControllerProcess controller = start("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/0",
                Map.of("TOM_TRIM_ENABLED", "false"))) {
            int port = portOf(controller);
            assertEquals(200, ControllerHttp.response(port, "/api/monitoring/workers").statusCode());
            Thread script = new Thread(() -> {
                try (Jedis busy = admin(redis)) {
                    busy.eval("local t = redis.call('TIME') while true do end");
                } catch (RuntimeException killed) {
                    // SCRIPT KILL ends it
                }
            });
            script.start();
            try {
                Thread.sleep(500);
                for (String endpoint : ENDPOINTS) {
                    assertRefused(port, endpoint, "Redis is busy");
                }
                Exposition scrape = ControllerHttp.scrape(port);
                assertEquals(0.0, scrape.value("tom_redis_up"));
                assertEquals(1.0, scrape.value("tom_redis_errors{kind=\"busy\"}"));
                assertEquals(503, ControllerHttp.response(port, "/observe/health/ready").statusCode());
                controller.awaitOutput("Fix: wait for the script to end or stop it with SCRIPT KILL",
                        Duration.ofSeconds(10));
            } finally {
                try (Jedis admin = admin(redis)) {
                    admin.scriptKill();
                }
                script.join(10_000);
            }
            Await.until(() -> ControllerHttp.response(port, "/api/monitoring/workers").statusCode() == 200,
                    Duration.ofSeconds(10));
        }
    }

    @Test
    void aFullRedisIsReportedAsFull() throws Exception {
        try (RedisServer full = RedisServer.startOnFreePort(); Jedis holder = new Jedis("127.0.0.1", full.port())) {
            holder.configSet("maxclients", "1");
            try (ControllerProcess controller = start(full.url(), Map.of("TOM_TRIM_ENABLED", "false"))) {
                int port = portOf(controller);
                for (String endpoint : ENDPOINTS) {
                    assertRefused(port, endpoint, "Redis is full (maxclients or maxmemory reached)");
                }
                Exposition scrape = ControllerHttp.scrape(port);
                assertEquals(0.0, scrape.value("tom_redis_up"));
                assertEquals(1.0, scrape.value("tom_redis_errors{kind=\"full\"}"));
                controller.awaitOutput("Fix: raise maxclients or maxmemory", Duration.ofSeconds(10));
            }
        }
    }

    /** Issue 21, item 5: a DB index past Redis's databases answered 200 with nothing, 500s and "unreachable". */
    @Test
    void aDatabaseRedisDoesNotHaveIsAConfigurationErrorNamedAsSuch() throws Exception {
        try (ControllerProcess refused = ControllerProcess.start(dir, Map.of("TOM_REDIS_URL", "redis://:" + PASSWORD
                + "@127.0.0.1:" + redis.port() + "/99", "TOM_HTTP_PORT", String.valueOf(RedisServer.freePort()),
                "TOM_HTTP_HOST", "127.0.0.1"))) {
            assertEquals(1, refused.awaitExit(Duration.ofSeconds(60)), refused.output());
            List<String> failures = refused.outputLines().stream()
                    .filter(line -> line.contains("Tom Monitoring failed to start: ")).toList();
            assertEquals(1, failures.size(), refused.output());
            assertTrue(failures.get(0).contains("TOM_REDIS_URL names database 99, which redis://127.0.0.1:" + redis.port()
                    + "/99 does not have"), failures.get(0));
            assertFalse(refused.output().contains("\tat "), refused.output());
        }
        // Redis down at startup, back with fewer databases than the URL needs: found on first contact
        try (RedisServer few = RedisServer.startOnFreePort("--databases", "4")) {
            few.stop();
            try (ControllerProcess controller = start("redis://127.0.0.1:" + few.port() + "/7",
                    Map.of("TOM_TRIM_ENABLED", "false"))) {
                int port = portOf(controller);
                few.start();
                for (String endpoint : ENDPOINTS) {
                    assertRefused(port, endpoint, "Redis has no database of the index TOM_REDIS_URL names");
                }
                Exposition scrape = ControllerHttp.scrape(port);
                assertEquals(0.0, scrape.value("tom_redis_up"));
                assertEquals(1.0, scrape.value("tom_redis_errors{kind=\"database\"}"));
                controller.awaitOutput("Fix: name a database this Redis has in TOM_REDIS_URL", Duration.ofSeconds(10));
                assertFalse(controller.output().contains("\tat "), controller.output());
            }
        }
    }

    private static void assertEverythingServed(int port) {
        for (String endpoint : ENDPOINTS) {
            HttpResponse<String> response = ControllerHttp.response(port, endpoint);
            assertEquals(200, response.statusCode(), endpoint + ": " + response.body() + " " + deniedSinceReset());
        }
        Exposition scrape = ControllerHttp.scrape(port);
        assertEquals(1.0, scrape.value("tom_redis_up"));
        for (Map.Entry<String, Double> errors : scrape.samplesStartingWith("tom_redis_errors").entrySet()) {
            assertEquals(0.0, errors.getValue(), errors.getKey());
        }
        assertEquals(3.0, scrape.value("tom_jobs_total{device=\"10.0.0.1\",error_type=\"none\",status=\"success\","
                + "worker=\"all\"}"));
        Await.until(() -> ControllerHttp.response(port, "/observe/health/ready").statusCode() == 200,
                Duration.ofSeconds(10));
    }

    private static void assertRefused(int port, String endpoint, String detail) {
        HttpResponse<String> response = ControllerHttp.response(port, endpoint);
        assertEquals(503, response.statusCode(), endpoint + ": " + response.body());
        JsonNode body = Json.parse(response.body());
        assertEquals("redis_unavailable", body.path("error").asText(), response.body());
        assertTrue(body.path("detail").asText().startsWith(detail), endpoint + ": " + response.body());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    /** The ACL SETUSER line of docs/operations.md for the user, as rules, with the password set. */
    private static String documentedRules(String user, String password) throws IOException {
        for (String line : Files.readAllLines(Path.of("docs/operations.md"))) {
            if (line.startsWith("ACL SETUSER " + user + " ")) {
                return line.substring(("ACL SETUSER " + user + " ").length()).replace(">CHANGE-ME", ">" + password);
            }
        }
        throw new AssertionError("docs/operations.md has no ACL SETUSER " + user + " line");
    }

    /** Commands and keys Redis refused since the ACL log was reset, as "user: reason object". */
    private static List<String> deniedSinceReset() {
        List<String> denied = new ArrayList<>();
        try (Jedis admin = admin(redis)) {
            admin.aclLog().forEach(entry -> denied.add(entry.getUsername() + ": " + entry.getReason() + " "
                    + entry.getObject()));
        }
        return denied;
    }

    private static ControllerProcess start(String redisUrl, Map<String, String> more) throws IOException {
        int port = RedisServer.freePort();
        Map<String, String> environment = new HashMap<>(Map.of("TOM_REDIS_URL", redisUrl, "TOM_HTTP_PORT",
                String.valueOf(port), "TOM_HTTP_HOST", "127.0.0.1", "TOM_REDIS_TIMEOUT_MS", "1000"));
        environment.putAll(more);
        ControllerProcess controller = ControllerProcess.start(dir, environment);
        PORTS.put(controller, port);
        controller.awaitOutput("Started monitoring-workers", Duration.ofSeconds(60));
        return controller;
    }

    private static final Map<ControllerProcess, Integer> PORTS = new HashMap<>();

    private static int portOf(ControllerProcess controller) {
        return PORTS.get(controller);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static Jedis admin(RedisServer server) {
        return new Jedis(new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().password(PASSWORD).build());
    }

    private static RedisClient redisClient(RedisServer server) {
        return RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", server.port()))
                .clientConfig(DefaultJedisClientConfig.builder().password(PASSWORD).build()).build();
    }
}
