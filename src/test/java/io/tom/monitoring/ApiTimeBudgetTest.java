package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.SlowProxy;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Behind a Redis that answers every reply 50 ms late, an API answer that needs more than its
 * budget (TOM_API_TIMEOUT) is a 503 timeout at the budget, not a wait of many seconds; and when
 * every connection of the controller's pool is in use the answer says so (503 busy, the pool
 * named), never that Redis is unreachable.
 */
class ApiTimeBudgetTest extends TomApplicationTestSupport {

    private SlowProxy proxy;

    @Override
    protected Map<String, String> settings() {
        try {
            proxy = new SlowProxy(redisServer.port(), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("tom.redis.url", "redis://127.0.0.1:" + proxy.port() + "/0", "tom.redis.scan-count", "10",
                "tom.redis.timeout-ms", "500", "tom.redis.pool-size", "2", "tom.api.timeout", "1500ms",
                "tom.api.max-concurrent", "6", "tom.trim.enabled", "false", "tom.history.poll-interval", "1h");
    }

    @BeforeAll
    void aFleetWhoseReadTakesSecondsBehindTheProxy() {
        TomFleetFixture fleet = new TomFleetFixture(redis);
        // 400 devices at 10 keys a SCAN page: over 40 pages of two 50 ms round trips each
        for (int i = 0; i < 400; i++) {
            fleet.deviceStats("10.1." + (i / 250) + "." + (i % 250), Map.of("complete", 1));
        }
    }

    @AfterAll
    void closeProxy() throws IOException {
        proxy.close();
    }

    @Test
    void anAnswerOverItsBudgetIsATimeoutNamingTheSetting() {
        HttpResponse<String> response = get("/api/monitoring/stats/summary");

        assertEquals(503, response.statusCode(), response.body());
        JsonNode body = Json.parse(response.body());
        assertEquals("timeout", body.get("error").asText());
        assertTrue(body.get("detail").asText().contains("TOM_API_TIMEOUT"), response.body());
        assertEquals("5", response.headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    void anExhaustedPoolIsBusyNeverUnreachable() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(clients.submit(() -> get("/api/monitoring/workers")));
            }
            List<String> errors = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertEquals(503, response.statusCode(), response.body());
                errors.add(Json.parse(response.body()).get("error").asText() + ": "
                        + Json.parse(response.body()).get("detail").asText());
            }
            // two hold the pool's two connections until their budget ends; the others wait 500 ms for one
            assertTrue(errors.stream().anyMatch(e -> e.startsWith("busy: Every connection of this controller's Redis"
                    + " pool is in use")), errors.toString());
            assertFalse(errors.stream().anyMatch(e -> e.startsWith("redis_unavailable")), errors.toString());
        } finally {
            clients.shutdownNow();
        }
    }
}
