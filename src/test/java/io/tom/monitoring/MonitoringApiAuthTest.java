package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;

/**
 * With {@code TOM_API_KEYS} set, every /api/monitoring endpoint needs one of the keys in
 * {@code X-API-Key}; the scrape path and the health probes stay open.
 */
class MonitoringApiAuthTest extends TomApplicationTestSupport {

    private static final String KEY_ONE = "first-key-0123456789";
    private static final String KEY_TWO = "second-key-abcdef";
    private static final List<String> ENDPOINTS = List.of("/api/monitoring/workers", "/api/monitoring/stats/summary",
            "/api/monitoring/failed_commands", "/api/monitoring/device_stats/10.0.0.1", "/api/monitoring/active_jobs");

    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.api.keys", KEY_ONE + ", " + KEY_TWO);
    }

    @Test
    void everyEndpointRefusesRequestsWithoutAValidKey() {
        for (String endpoint : ENDPOINTS) {
            assertUnauthorized(get(endpoint), endpoint);
            assertUnauthorized(get(endpoint, "X-API-Key", "wrong"), endpoint);
            assertUnauthorized(get(endpoint, "X-API-Key", KEY_ONE.substring(0, KEY_ONE.length() - 1)), endpoint);
            assertUnauthorized(get(endpoint, "Authorization", "Bearer " + KEY_ONE), endpoint);
        }
    }

    @Test
    void eitherConfiguredKeyIsAccepted() {
        new TomFleetFixture(redis).deviceStats("10.0.0.1", Map.of("complete", 3));
        for (String endpoint : ENDPOINTS) {
            assertEquals(200, get(endpoint, "X-API-Key", KEY_ONE).statusCode(), endpoint);
            assertEquals(200, get(endpoint, "X-API-Key", KEY_TWO).statusCode(), endpoint);
        }
    }

    @Test
    void theApiDescriptionUnknownPathsAndOtherMethodsUnderTheApiNeedTheKeyToo() {
        for (String path : List.of("/api/monitoring/openapi.json", "/api/monitoring/nope", "/api/monitoring/")) {
            assertUnauthorized(get(path), path);
        }
        assertUnauthorized(request("POST", "/api/monitoring/workers"), "POST /api/monitoring/workers");
        assertEquals(200, get("/api/monitoring/openapi.json", "X-API-Key", KEY_ONE).statusCode());
        assertEquals(404, get("/api/monitoring/nope", "X-API-Key", KEY_ONE).statusCode());
        assertEquals(405, request("POST", "/api/monitoring/workers", "X-API-Key", KEY_TWO).statusCode());
    }

    @Test
    void badInputIsCheckedOnlyAfterTheKey() {
        assertEquals(401, get("/api/monitoring/failed_commands?limit=abc").statusCode());
        assertEquals(400, get("/api/monitoring/failed_commands?limit=abc", "X-API-Key", KEY_TWO).statusCode());
    }

    @Test
    void scrapeAndHealthStayOpen() {
        assertEquals(200, get("/api/metrics").statusCode());
        assertEquals(200, get("/observe/health/live").statusCode());
        assertEquals(404, get("/api/nope").statusCode(), "outside /api/monitoring/ no key is asked for");
    }

    private static void assertUnauthorized(HttpResponse<String> response, String endpoint) {
        assertEquals(401, response.statusCode(), endpoint);
        assertEquals("unauthorized", Json.parse(response.body()).get("error").asText(), endpoint);
        assertFalse(response.body().contains(KEY_ONE) || response.body().contains(KEY_TWO), "keys are never echoed");
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("ApiKey"), endpoint);
    }
}
