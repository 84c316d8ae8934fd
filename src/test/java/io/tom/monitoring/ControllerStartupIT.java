package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.RawHttp;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.RedisServerExtension;
import io.tom.monitoring.support.TempFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller as its users start it: from any working directory, with extra routes from
 * {@code TOM_ROUTES_DIR}, and exiting non-zero with a clear message, never hanging, when that
 * configuration is wrong.
 */
class ControllerStartupIT {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @TempDir
    Path workingDir;

    @Test
    void extraRoutesFromARelativeFolderAreServedBesideTheBundledOnes() throws Exception {
        Path routes = Files.createDirectories(workingDir.resolve("my-routes"));
        Files.writeString(routes.resolve("hello.yaml"), """
                - route:
                    id: hello
                    from:
                      uri: platform-http:/hello
                      steps:
                        - setBody:
                            constant: hello from an extra route
                """);
        // docs/extending.md's example of a route that reuses the controller's beans
        Files.writeString(routes.resolve("federation.yaml"), """
                - route:
                    id: metrics-for-federation
                    routeConfigurationId: tom-http-errors
                    from:
                      uri: platform-http:/federate/tom
                      parameters:
                        httpMethodRestrict: GET
                      steps:
                        - process:
                            ref: metricsTokenGuard
                        - process:
                            ref: prometheusScrapeResponder
                """);
        // an extra route that fails: the shared error contract answers, without a stack trace
        Files.writeString(routes.resolve("failing.yaml"), """
                - route:
                    id: failing
                    routeConfigurationId: tom-http-errors
                    from:
                      uri: platform-http:/failing
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalStateException
                            message: internal detail that must stay in the log
                """);
        int port = RedisServer.freePort();
        try (ControllerProcess controller = ControllerProcess.start(workingDir, environment(port, "my-routes"))) {
            controller.awaitHealthy(port, STARTUP);
            assertTrue(controller.output().contains("Loading 3 extra route file(s) from " + routes.toRealPath()),
                    controller.output());
            assertEquals("hello from an extra route", get(port, "/hello").body());
            HttpResponse<String> scrape = get(port, "/api/metrics");
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().contains("tom_redis_up 1.0"));
            assertTrue(get(port, "/federate/tom").body().contains("tom_redis_up 1.0"));

            HttpResponse<String> failing = get(port, "/failing");
            assertEquals(500, failing.statusCode());
            assertEquals("{\"error\":\"internal_error\",\"detail\":\"Unexpected server error; see the controller log\"}",
                    failing.body());
            assertTrue(controller.output().contains("internal detail that must stay in the log"));
        }
    }

    @Test
    void secretsNeverReachTheLog() throws Exception {
        int port = RedisServer.freePort();
        Map<String, String> environment = new java.util.HashMap<>(environment(port, ""));
        environment.put("TOM_API_KEYS", "api-key-one-7f3a,api-key-two-9c1b");
        environment.put("TOM_METRICS_TOKEN", "scrape-token-4d2e");
        environment.put("TOM_REDIS_URL", "redis://default:redis-password-8e5f@127.0.0.1:" + REDIS.server().port() + "/0");
        try (ControllerProcess controller = ControllerProcess.start(workingDir, environment)) {
            controller.awaitHealthy(port, STARTUP);
            assertTrue(controller.output().contains("/api/monitoring/ requires one of 2 API key(s)"), controller.output());
            assertTrue(controller.output().contains("/api/metrics requires a bearer token"), controller.output());
            assertTrue(controller.output().contains("/0 as user 'default' with a password (timeout"), controller.output());
            for (String secret : List.of("api-key-one-7f3a", "api-key-two-9c1b", "scrape-token-4d2e", "redis-password-8e5f")) {
                assertFalse(controller.output().contains(secret), secret + " appears in:\n" + controller.output());
            }
        }
    }

    @Test
    void aClientsMalformedUrlIsRefusedWithoutAnErrorInTheLog() throws Exception {
        int port = RedisServer.freePort();
        try (ControllerProcess controller = ControllerProcess.start(workingDir, environment(port, ""))) {
            controller.awaitHealthy(port, STARTUP);
            for (String target : List.of("/api/monitoring/device_stats/%ZZ", "/api/metrics?x=%ZZ")) {
                assertEquals("HTTP/1.1 400 Bad Request", RawHttp.get(port, target)[0], target);
            }
            assertEquals(200, get(port, "/api/metrics").statusCode());
            assertTrue(controller.outputLines().stream().noneMatch(line -> line.contains(" ERROR ")),
                    "a client's mistake is not the controller's error:\n" + controller.output());
        }
    }

    @Test
    void aBrokenRouteFileStopsStartupWithANonZeroExit() throws Exception {
        Path routes = Files.createDirectories(workingDir.resolve("broken"));
        Files.writeString(routes.resolve("broken.yaml"), TempFiles.BROKEN_ROUTE);
        try (ControllerProcess controller = ControllerProcess.start(workingDir,
                environment(RedisServer.freePort(), routes.toString()))) {
            assertNotEquals(0, controller.awaitExit(STARTUP));
            assertTrue(controller.output().contains("Tom Monitoring failed to start"), controller.output());
            assertTrue(controller.output().contains("broken.yaml"), controller.output());
        }
    }

    @Test
    void aMissingRoutesFolderStopsStartupWithANonZeroExit() throws Exception {
        try (ControllerProcess controller = ControllerProcess.start(workingDir,
                environment(RedisServer.freePort(), "does-not-exist"))) {
            assertEquals(1, controller.awaitExit(STARTUP));
            assertTrue(controller.output().contains("TOM_ROUTES_DIR is " + workingDir.toRealPath().resolve("does-not-exist")
                    + ", which is not a readable folder"), controller.output());
        }
    }

    /** One refused setting for all: each refusal's own message is RefusedSettingsTest's. */
    @Test
    void misconfigurationStopsStartupWithOneLineAndExitCode1() throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(environment(RedisServer.freePort(), ""));
        environment.put("TOM_API_KEYS", "key-one,,key-two");
        try (ControllerProcess controller = ControllerProcess.start(workingDir, environment)) {
            assertEquals(1, controller.awaitExit(Duration.ofSeconds(30)), controller.output());
            List<String> failures = controller.outputLines().stream()
                    .filter(line -> line.contains("Tom Monitoring failed to start: ")).toList();
            assertEquals(1, failures.size(), controller.output());
            assertTrue(failures.get(0).contains("TOM_API_KEYS (tom.api.keys) holds a blank key (entry 2 of 3)"),
                    failures.get(0));
            assertFalse(controller.output().contains(") started"), "never reports itself started");
            assertFalse(controller.output().contains("SIGTERM"), "no signal stopped it: " + controller.output());
            assertFalse(controller.output().contains("\tat "), "no stack trace: " + controller.output());
        }
    }

    /** Issue 21, item 7: every SIGTERM logged a WARN with a 21-line Vert.x stack trace. */
    @Test
    void aSigtermStopsTheControllerWithoutAWarningOrAStackTrace() throws Exception {
        int port = RedisServer.freePort();
        try (ControllerProcess controller = ControllerProcess.start(workingDir, environment(port, ""))) {
            controller.awaitHealthy(port, STARTUP);
            // 143: the JVM's own code for an exit on SIGTERM, once the shutdown hooks have run
            assertEquals(143, controller.terminate(Duration.ofSeconds(30)), controller.output());
            assertFalse(controller.output().contains("\tat "), controller.output());
            assertEquals(List.of(), controller.outputLines().stream()
                    .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList());
            assertEquals(1, controller.outputLines().stream()
                    .filter(line -> line.contains("INFO  [SIGTERM handler] StopSignals - SIGTERM received: stopping"))
                    .count(), controller.output());
        }
    }

    /** Issue 21, item 7: Ctrl-C was logged as "triggered by SIGTERM". */
    @Test
    void ctrlCIsLoggedAsSigint() throws Exception {
        int port = RedisServer.freePort();
        try (ControllerProcess controller = ControllerProcess.start(workingDir, environment(port, ""))) {
            controller.awaitHealthy(port, STARTUP);
            controller.interrupt();
            assertEquals(130, controller.awaitExit(Duration.ofSeconds(30)), controller.output());
            assertTrue(controller.output().contains("SIGINT received: stopping"), controller.output());
            assertFalse(controller.output().contains("SIGTERM"), controller.output());
        }
    }

    /** Issue 21, item 9: each of these escaped as a stack trace or a message naming nothing. */
    @Test
    void badValuesStopWithOneLineNamingThem() throws Exception {
        Map<String, String> loud = new java.util.HashMap<>(environment(RedisServer.freePort(), ""));
        loud.put("TOM_LOG_LEVEL", "LOUD");
        try (ControllerProcess controller = ControllerProcess.start(workingDir, loud)) {
            assertEquals(1, controller.awaitExit(Duration.ofSeconds(30)), controller.output());
            assertEquals("Tom Monitoring failed to start: TOM_LOG_LEVEL must be one of OFF, FATAL, ERROR, WARN, INFO,"
                    + " DEBUG, TRACE, ALL, got 'LOUD'", controller.output().trim());
        }
        Path routes = Files.createDirectories(workingDir.resolve("yml"));
        Files.writeString(routes.resolve("team.yml"), "- route:\n    from:\n      uri: timer:x\n      steps:\n        - log: x\n");
        try (ControllerProcess controller = ControllerProcess.start(workingDir,
                environment(RedisServer.freePort(), routes.toString()))) {
            assertEquals(1, controller.awaitExit(STARTUP), controller.output());
            assertTrue(controller.output().contains("holds team.yml: route files must end in .yaml"), controller.output());
            assertFalse(controller.output().contains("\tat "), controller.output());
        }
        try (ControllerProcess simulate = ControllerProcess.start(workingDir, Map.of(), "simulate", "--workers", "1",
                "--devices", "1", "--redis-url", "redis://127.0.0.1:6480/abc")) {
            assertEquals(2, simulate.awaitExit(Duration.ofSeconds(30)), simulate.output());
            assertTrue(simulate.output().startsWith("Invalid value for option '--redis-url': names the database 'abc'"),
                    simulate.output());
            assertFalse(simulate.output().contains("\tat "), simulate.output());
        }
    }

    @Test
    void theJarsOwnMainExitsWithTheseCodes() throws Exception {
        try (ControllerProcess help = ControllerProcess.start(workingDir, Map.of(), "simulate", "--help")) {
            assertEquals(0, help.awaitExit(Duration.ofSeconds(30)), help.output());
            assertFalse(help.output().contains("picocli WARN"), "the help renders cleanly: " + help.output());
            assertTrue(help.output().contains("99%"), help.output());
        }
        try (ControllerProcess unknown = ControllerProcess.start(workingDir, Map.of(), "simulat")) {
            assertEquals(2, unknown.awaitExit(Duration.ofSeconds(30)), unknown.output());
            assertTrue(unknown.output().startsWith("Unmatched argument at index 0: 'simulat'"), unknown.output());
        }
    }

    private static Map<String, String> environment(int httpPort, String routesDir) {
        return Map.of("TOM_REDIS_URL", REDIS.server().url(), "TOM_HTTP_PORT", String.valueOf(httpPort),
                "TOM_ROUTES_DIR", routesDir);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(9)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
