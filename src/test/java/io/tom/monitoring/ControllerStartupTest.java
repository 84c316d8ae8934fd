package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller as its users start it: from any working directory, with extra routes from
 * {@code TOM_ROUTES_DIR}, and exiting non-zero with a clear message, never hanging, when that
 * configuration is wrong.
 */
class ControllerStartupTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static RedisServer redisServer;

    @TempDir
    Path workingDir;

    @BeforeAll
    static void startRedis() {
        redisServer = RedisServer.startOnFreePort();
    }

    @AfterAll
    static void stopRedis() {
        redisServer.close();
    }

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
        // the README's example of a route that reuses the controller's beans
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
        int port = RedisServer.freePort();
        try (ControllerProcess controller = ControllerProcess.start(workingDir, environment(port, "my-routes"))) {
            controller.awaitOutput("Apache Camel 4.18.0 (tom-monitoring) started", STARTUP);
            assertTrue(controller.output().contains("Loading 2 extra route file(s) from " + routes.toRealPath()),
                    controller.output());
            assertEquals("hello from an extra route", get(port, "/hello").body());
            HttpResponse<String> scrape = get(port, "/api/metrics");
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().contains("tom_redis_up 1.0"));
            assertTrue(get(port, "/federate/tom").body().contains("tom_redis_up 1.0"));
        }
    }

    @Test
    void aBrokenRouteFileStopsStartupWithANonZeroExit() throws Exception {
        Path routes = Files.createDirectories(workingDir.resolve("broken"));
        Files.writeString(routes.resolve("broken.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: platform-http:/broken
                      steps:
                        - noSuchStep:
                            whatever: true
                """);
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

    private static Map<String, String> environment(int httpPort, String routesDir) {
        return Map.of("TOM_REDIS_URL", redisServer.url(), "TOM_HTTP_PORT", String.valueOf(httpPort),
                "TOM_ROUTES_DIR", routesDir);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(9)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
