package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;

/** With {@code TOM_METRICS_TOKEN} set, the scrape requires {@code Authorization: Bearer <token>}. */
class MetricsTokenTest extends TomApplicationTestSupport {

    private static final String TOKEN = "s3cret-scrape-token";

    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.metrics.token", TOKEN);
    }

    @Test
    void scrapeWithTheTokenSucceeds() {
        HttpResponse<String> response = get("/api/metrics", "Authorization", "Bearer " + TOKEN);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("tom_redis_up 1.0"));
    }

    @Test
    void scrapeWithoutTokenIsUnauthorized() {
        HttpResponse<String> response = get("/api/metrics");
        assertUnauthorized(response);
        assertEquals("Bearer realm=\"tom-monitoring\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void scrapeWithAWrongTokenIsUnauthorized() {
        assertUnauthorized(get("/api/metrics", "Authorization", "Bearer " + TOKEN + "x"));
        assertUnauthorized(get("/api/metrics", "Authorization", "Basic " + TOKEN));
        assertUnauthorized(get("/api/metrics", "Authorization", "Bearer "));
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(response.body().startsWith("{\"error\":\"unauthorized\",\"detail\":"), response.body());
        assertFalse(response.body().contains(TOKEN), "the token is never echoed");
        assertFalse(response.body().contains("tom_"), "no metrics without the token");
    }
}
