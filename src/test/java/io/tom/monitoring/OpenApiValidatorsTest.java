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

    /**
     * openapi-spec-validator (the machine's Python 3 has 0.9.0) rejected Camel's document as
     * generated: {@code limit}'s default was the string "100" for an integer.
     */
    @Test
    void theDocumentPassesOpenApiSpecValidator() throws Exception {
        Path document = dir.resolve("openapi.json");
        Files.writeString(document, get("/api/monitoring/openapi.json").body());
        ExternalTool.Result check = ExternalTool.run(dir, ExternalTool.find("python3", "python3"), "-m",
                "openapi_spec_validator", document.toString());
        if (check.output().contains("No module named openapi_spec_validator")) {
            throw new IllegalStateException("openapi-spec-validator is missing: pip install openapi-spec-validator==0.9.0");
        }
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("OK"), check.output());
    }

    @Test
    void parametersCarryTheirBoundsAndDefaultsAndOperationsTheNamesAClientWants() {
        JsonNode api = Json.parse(get("/api/monitoring/openapi.json").body());
        for (String path : List.of("failed_commands", "active_jobs")) {
            JsonNode limit = parameter(api, "/api/monitoring/" + path, "limit");
            assertEquals(100, limit.path("default").asInt(), path);
            assertTrue(limit.path("default").isNumber(), path + ": a number, not the string \"100\"");
            assertEquals(1, limit.path("minimum").asInt(), path);
            assertEquals(1000, limit.path("maximum").asInt(), path);
        }
        assertEquals(0, parameter(api, "/api/monitoring/failed_commands", "since").path("minimum").asInt());
        Set<String> operations = new TreeSet<>();
        api.get("paths").forEach(path -> operations.add(path.path("get").path("operationId").asText()));
        assertEquals(Set.of("listWorkers", "getStatsSummary", "listFailedCommands", "listActiveJobs", "getDeviceStats"),
                operations);
    }

    private static JsonNode parameter(JsonNode api, String path, String name) {
        for (JsonNode parameter : api.path("paths").path(path).path("get").path("parameters")) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter.path("schema");
            }
        }
        throw new AssertionError(path + " has no parameter " + name);
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
