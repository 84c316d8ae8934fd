package io.tom.monitoring.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.tom.monitoring.TomMonitoringConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.RedisClient;

/**
 * Boots the real application (its configuration class, application.properties and bundled YAML
 * routes) once per test class, against a redis-server of the class's own, and serves it over real
 * HTTP on a free port.
 *
 * <p>Settings reach this controller alone as Camel override properties, which override
 * application.properties exactly as the environment does in production; subclasses add their own
 * via {@link #settings()}. Nothing is set JVM-wide.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TomApplicationTestSupport extends CamelMainTestSupport {

    /** Every request must be answered before Prometheus's default 10 s scrape timeout. */
    protected static final Duration SCRAPE_DEADLINE = Duration.ofSeconds(9);

    protected RedisServer redisServer;
    protected RedisClient redis;
    protected int httpPort;
    private final Properties overrides = new Properties();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startRedisAndConfigure() throws IOException {
        redisServer = RedisServer.startOnFreePort(redisArguments());
        redis = redisServer.client();
        httpPort = RedisServer.freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("tom.redis.url", redisServer.url());
        settings.put("tom.http.port", String.valueOf(httpPort));
        settings.put("tom.http.host", "127.0.0.1");
        settings.putAll(settings());
        overrides.putAll(settings);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        // called after startRedisAndConfigure, which found the ports
        camelContextConfiguration().withUseOverridePropertiesWithPropertiesComponent(overrides);
        return super.createCamelContext();
    }

    @AfterAll
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
        if (redisServer != null) {
            redisServer.close();
        }
    }

    /** A fresh test client, after the test restarted its redis-server. */
    protected void reconnectRedis() {
        redis.close();
        redis = redisServer.client();
    }

    /** Extra arguments for the class's redis-server ({@code --maxclients 24}, say). */
    protected String[] redisArguments() {
        return new String[0];
    }

    /** Extra settings (property name to value) for the application under test. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(TomMonitoringConfiguration.class);
    }

    protected HttpResponse<String> get(String path, String... headers) {
        return request("GET", path, headers);
    }

    /** Any method, without a body; headers as name, value pairs. */
    protected HttpResponse<String> request(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(SCRAPE_DEADLINE).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected Exposition scrape(String... headers) {
        HttpResponse<String> response = get("/api/metrics", headers);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return Exposition.parse(response.body());
    }
}
