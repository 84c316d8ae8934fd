package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
                "/api/monitoring/failed_commands", "/api/monitoring/device_stats/{device}"), paths);

        List<String> failedCommandParams = new ArrayList<>();
        api.get("paths").get("/api/monitoring/failed_commands").get("get").get("parameters")
                .forEach(p -> failedCommandParams.add(p.get("name").asText() + ":" + p.get("in").asText()));
        assertEquals(List.of("device:query", "error_type:query", "since:query", "limit:query"), failedCommandParams);

        for (String path : paths) {
            String live = path.replace("{device}", "10.0.0.1");
            assertNotEquals(405, get(live).statusCode(), live);
            assertEquals("application/json", get(live).headers().firstValue("Content-Type").orElse(""), live);
        }
    }
}
