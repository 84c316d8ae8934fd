package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped: every endpoint answers 503 with the JSON error shape, readiness goes DOWN while
 * liveness stays UP; Redis restarted: the API answers again.
 */
class MonitoringApiRedisDownTest extends TomApplicationTestSupport {

    private static final List<String> ENDPOINTS = List.of("/api/monitoring/workers", "/api/monitoring/stats/summary",
            "/api/monitoring/failed_commands", "/api/monitoring/device_stats/10.0.0.1");

    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.redis.timeout-ms", "1000");
    }

    @Test
    void redisDownGives503AndRecovers() {
        new TomFleetFixture(redis).deviceStats("10.0.0.1", Map.of("complete", 3));
        for (String endpoint : ENDPOINTS) {
            assertEquals(200, get(endpoint).statusCode(), endpoint);
        }
        assertEquals(200, get("/observe/health/ready").statusCode());

        redisServer.stop();
        for (String endpoint : ENDPOINTS) {
            HttpResponse<String> response = get(endpoint);
            assertEquals(503, response.statusCode(), endpoint);
            JsonNode body = Json.parse(response.body());
            assertEquals("redis_unavailable", body.get("error").asText());
            assertFalse(response.body().contains("Exception"), "no stack trace or exception name: " + response.body());
        }
        assertEquals(503, get("/observe/health/ready").statusCode());
        assertEquals(200, get("/observe/health/live").statusCode());

        redisServer.start();
        reconnectRedis();
        new TomFleetFixture(redis).deviceStats("10.0.0.1", Map.of("complete", 4));
        assertEquals(4, Json.parse(get("/api/monitoring/device_stats/10.0.0.1").body())
                .get("stats").get("total_success").asLong());
        assertEquals(200, get("/observe/health/ready").statusCode());
    }
}
