package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.ExternalTool;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document passes real validators: Redocly's linter and a validator against the
 * OpenAPI 3.0 JSON schema (what openapi-spec-validator checks at its core), both from npm
 * ({@code tools/openapi-validators}, installed by {@code .ci/run}). Every endpoint declares its
 * responses with schemas, the error contract and the API-key scheme.
 */
class OpenApiValidatorsTest extends TomApplicationTestSupport {

    private static final Path TOOLS = Path.of("tools/openapi-validators/node_modules/.bin").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theDocumentPassesRedoclyAndTheOpenApiSchema() throws Exception {
        Path document = dir.resolve("openapi.json");
        Files.writeString(document, get("/api/monitoring/openapi.json").body());

        ExternalTool.Result lint = ExternalTool.run(dir, tool("redocly"), "lint", document.toString());
        assertEquals(0, lint.exitCode(), lint.output());
        assertTrue(lint.output().contains("validated"), lint.output());

        ExternalTool.Result schema = ExternalTool.run(dir, tool("validate-api"), document.toString());
        assertEquals(0, schema.exitCode(), schema.output());
        assertEquals(true, Json.parse(schema.output().substring(schema.output().indexOf('{'))).get("valid").asBoolean(),
                schema.output());
    }

    @Test
    void everyEndpointDeclaresItsResponsesTheErrorContractAndTheApiKey() {
        JsonNode api = Json.parse(get("/api/monitoring/openapi.json").body());
        assertEquals("apiKey", api.at("/components/securitySchemes/ApiKey/type").asText());
        assertEquals("X-API-Key", api.at("/components/securitySchemes/ApiKey/name").asText());
        assertEquals("header", api.at("/components/securitySchemes/ApiKey/in").asText());
        assertEquals(Set.of("error", "detail"), fields(api.at("/components/schemas/ErrorBody/properties")));
        assertEquals(Set.of("id", "status", "last_heartbeat", "seconds_since_heartbeat", "hostname", "version", "pid"),
                fields(api.at("/components/schemas/Worker/properties")), "the names the API writes");
        api.get("paths").fields().forEachRemaining(path -> {
            JsonNode get = path.getValue().get("get");
            assertEquals("[{\"ApiKey\":[]}]", get.get("security").toString(), path.getKey());
            JsonNode responses = get.get("responses");
            assertTrue(responses.at("/200/content/application~1json/schema/$ref").asText().startsWith(
                    "#/components/schemas/"), path.getKey());
            for (String code : List.of("401", "406", "500", "503")) {
                assertEquals("#/components/schemas/ErrorBody",
                        responses.at("/" + code + "/content/application~1json/schema/$ref").asText(), path.getKey() + " " + code);
            }
        });
        assertEquals("integer", api.at("/paths/~1api~1monitoring~1failed_commands/get/parameters/3/schema/type").asText());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String tool(String name) {
        Path binary = TOOLS.resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: run `npm ci --prefix tools/openapi-validators`"
                    + " (.ci/run does)");
        }
        return binary.toString();
    }
}
