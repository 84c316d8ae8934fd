package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;

/** The served OpenAPI description lists exactly the live monitoring endpoints and their parameters. */
class OpenApiDescriptionTest extends TomApplicationTestSupport {

    @Test
    void describesEveryLiveEndpoint() {
        JsonNode api = Json.parse(get("/api/monitoring/openapi.json").body());
        Set<String> paths = new TreeSet<>();
        api.get("paths").fieldNames().forEachRemaining(paths::add);
        assertEquals(Set.of("/api/monitoring/workers", "/api/monitoring/stats/summary",
                "/api/monitoring/failed_commands", "/api/monitoring/active_jobs", "/api/monitoring/device_stats/{device}"),
                paths);

        List<String> failedCommandParams = new ArrayList<>();
        api.get("paths").get("/api/monitoring/failed_commands").get("get").get("parameters")
                .forEach(p -> failedCommandParams.add(p.get("name").asText() + ":" + p.get("in").asText()));
        assertEquals(List.of("device:query", "error_type:query", "since:query", "limit:query"), failedCommandParams);

        for (String path : paths) {
            String live = path.replace("{device}", "10.0.0.1");
            HttpResponse<String> response = get(live);
            assertNotEquals(405, response.statusCode(), live);
            assertFalse(response.body().contains("No endpoint at"), live + " is served by a route: " + response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""), live);
        }
    }

    @Test
    void theServerIsWhereTheDocumentWasFetchedFromOrTheProxyInFront() {
        JsonNode direct = Json.parse(get("/api/monitoring/openapi.json").body());
        assertEquals("[{\"url\":\"\"}]", direct.get("servers").toString(),
                "relative: clients resolve it against the document's own address, never http://0.0.0.0");

        JsonNode proxied = Json.parse(get("/api/monitoring/openapi.json",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "tom.example.net").body());
        assertEquals("[{\"url\":\"https://tom.example.net\"}]", proxied.get("servers").toString());
    }
}
