package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TempFiles;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An integration team's HTTP routes that record jobs, through direct:tom-record-job or the
 * tom-job-outcome-sink Kamelet, under the tom-http-errors configuration: a job that cannot be
 * recorded is the caller's 400 with the reason, in the JSON error contract (issue 21, item 3: an
 * empty text/plain 500 before).
 */
class UserJobRoutesTest extends TomApplicationTestSupport {

    private static final String ROUTES = """
            - route:
                id: user-jobs-direct
                routeConfigurationId: tom-http-errors
                from:
                  uri: platform-http:/team/jobs/direct
                  parameters:
                    httpMethodRestrict: POST
                  steps:
                    - to: direct:tom-record-job
                    - setBody:
                        constant: '{"recorded": true}'
            - route:
                id: user-jobs-kamelet
                routeConfigurationId: tom-http-errors
                from:
                  uri: platform-http:/team/jobs/kamelet
                  parameters:
                    httpMethodRestrict: POST
                  steps:
                    - to: kamelet:tom-job-outcome-sink
                    - setBody:
                        constant: '{"recorded": true}'
            """;
    private static Path folder;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Map<String, String> settings() {
        folder = TempFiles.routesFolder("team-jobs.yaml", ROUTES);
        return Map.of("tom.routes.dir", folder.toString());
    }

    @AfterAll
    static void deleteFolder() {
        TempFiles.delete(folder);
    }

    @Test
    void aJobThatCannotBeRecordedIsTheCallers400WithTheReason() throws Exception {
        Map<String, String> invalid = Map.of(
                "not json", "not json",
                "{\"worker\": \"w1\", \"device\": \"10.0.0.1\"}", "status",
                "{\"worker\": \"w1\", \"device\": \"10.0.0.1\", \"status\": \"failed\"}", "error_type",
                "{\"worker\": \"w1\", \"device\": \"10.0.0.1\", \"status\": \"failed\", \"error_type\": \"bogus\"}", "bogus");
        for (String path : List.of("/team/jobs/direct", "/team/jobs/kamelet")) {
            for (Map.Entry<String, String> body : invalid.entrySet()) {
                HttpResponse<String> response = post(path, body.getKey());
                assertEquals(400, response.statusCode(), path + " " + body.getKey() + ": " + response.body());
                assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
                JsonNode error = Json.parse(response.body());
                assertEquals("bad_request", error.get("error").asText());
                assertTrue(error.get("detail").asText().contains(body.getValue()) || body.getValue().equals("not json"),
                        path + ": " + error);
            }
            HttpResponse<String> recorded = post(path, "{\"worker\": \"w1\", \"device\": \"10.0.0.1\", \"status\": \"success\"}");
            assertEquals(200, recorded.statusCode(), recorded.body());
        }
        assertEquals("2", redis.hget("tom:stats:global", "complete"), "only the valid jobs were recorded");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
