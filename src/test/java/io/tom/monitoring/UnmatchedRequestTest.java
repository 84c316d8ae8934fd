package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RawHttp;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;

/** Requests no route takes get the API's JSON error shape: 404, or 405 naming the allowed methods. */
class UnmatchedRequestTest extends TomApplicationTestSupport {

    @Test
    void anUnknownPathIsAJsonNotFoundThatPointsAtTheApiDescription() {
        for (String path : new String[] {"/api/monitoring/nope", "/api/monitoring/workers/extra",
                "/api/monitoring/device_stats/", "/api/nope", "/nope", "/observe/health/nope"}) {
            HttpResponse<String> response = get(path);
            assertEquals(404, response.statusCode(), path);
            assertEquals(Optional.of("application/json"), response.headers().firstValue("Content-Type"), path);
            JsonNode body = Json.parse(response.body());
            assertEquals("not_found", body.get("error").asText(), path);
            assertEquals("No endpoint at " + path
                    + "; the monitoring API is described at /api/monitoring/openapi.json", body.get("detail").asText());
        }
    }

    @Test
    void aWrongMethodIsAJsonMethodNotAllowedWithTheAllowHeader() {
        String[][] cases = {
                {"POST", "/api/monitoring/workers"},
                {"DELETE", "/api/metrics"},
                {"PUT", "/api/monitoring/device_stats/2001:db8::1"},
                {"POST", "/observe/health/ready"},
        };
        for (String[] request : cases) {
            HttpResponse<String> response = request(request[0], request[1]);
            assertEquals(405, response.statusCode(), request[0] + " " + request[1]);
            assertEquals(Optional.of("GET, HEAD"), response.headers().firstValue("Allow"), request[1]);
            JsonNode body = Json.parse(response.body());
            assertEquals("method_not_allowed", body.get("error").asText());
            assertEquals(request[0] + " is not allowed on " + request[1] + "; use GET, HEAD", body.get("detail").asText());
        }
    }

    /** Issue 21, item 10: load balancers and Prometheus tooling send HEAD, which answered 405. */
    @Test
    void headIsAnsweredAsGetWithItsHeadersAndNoBody() {
        for (String path : List.of("/api/metrics", "/observe/health", "/observe/health/live", "/observe/health/ready",
                "/api/monitoring/workers", "/api/monitoring/openapi.json")) {
            HttpResponse<String> head = request("HEAD", path);
            HttpResponse<String> get = get(path);
            assertEquals(get.statusCode(), head.statusCode(), path);
            assertEquals(200, head.statusCode(), path);
            assertEquals("", head.body(), path);
            assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), path);
        }
        assertEquals(404, request("HEAD", "/nope").statusCode());
    }

    @Test
    void anAcceptHeaderTheEndpointCannotAnswerIsAJsonNotAcceptable() {
        HttpResponse<String> response = get("/api/monitoring/workers", "Accept", "application/xml");
        assertEquals(406, response.statusCode());
        JsonNode body = Json.parse(response.body());
        assertEquals("not_acceptable", body.get("error").asText());
        assertEquals("/api/monitoring/workers answers application/json; the Accept header asks for application/xml",
                body.get("detail").asText());
        assertEquals(200, get("/api/monitoring/workers", "Accept", "application/xml, application/json;q=0.5")
                .statusCode());
    }

    @Test
    void aUrlThatIsNotValidlyPercentEncodedIsAJsonBadRequest() throws IOException {
        for (String target : new String[] {"/api/monitoring/device_stats/%ZZ", "/api/monitoring/device_stats/10.0.0.1%",
                "/api/metrics?x=%ZZ", "/api/monitoring/failed_commands?device=%E0%A4%A"}) {
            String[] response = RawHttp.get(httpPort, target);
            assertEquals("HTTP/1.1 400 Bad Request", response[0], target);
            JsonNode body = Json.parse(response[1]);
            assertEquals("bad_request", body.get("error").asText(), target);
            assertTrue(body.get("detail").asText().startsWith("The request could not be read"), target);
        }
        assertEquals(200, get("/api/metrics").statusCode(), "the server carries on");
    }

    @Test
    void anAsteriskTargetIsAJsonBadRequest() throws IOException {
        String[] response = RawHttp.get(httpPort, "*");
        assertTrue(response[0].startsWith("HTTP/1.1 400"), response[0] + "\n" + response[1]);
        assertEquals("bad_request", Json.parse(response[1]).get("error").asText(), response[1]);
    }

    @Test
    void anHttp10KeepAliveClientIsToldWhereEachAnswerEnds() throws IOException {
        String[] paths = {"/observe/health/live", "/api/metrics", "/api/monitoring/workers", "/nowhere",
            "/observe/health/live"};
        java.net.Socket socket = new java.net.Socket("127.0.0.1", httpPort);
        try {
            for (String path : paths) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                java.io.InputStream in = socket.getInputStream();
                String head = readHead(in);
                assertTrue(head.matches("(?s)HTTP/1\\.[01] (200|404) .*"), path + ": " + head);
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                        .matcher(head);
                if (length.find()) {
                    in.readNBytes(Integer.parseInt(length.group(1)));
                } else {
                    // no length: the answer must say the connection closes, and close it
                    assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), path + ": " + head);
                    in.readAllBytes();
                    socket.close();
                    socket = new java.net.Socket("127.0.0.1", httpPort);
                }
            }
        } finally {
            socket.close();
        }
    }

    private static String readHead(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void theRoutesThemselvesStillAnswer() {
        assertEquals(200, get("/api/monitoring/workers").statusCode());
        assertEquals(200, get("/observe/health/ready").statusCode());
        HttpResponse<String> unknownDevice = get("/api/monitoring/device_stats/10.9.9.9");
        assertEquals(404, unknownDevice.statusCode());
        assertTrue(unknownDevice.body().contains("Redis holds no stats and no failures for device '10.9.9.9'"),
                "the endpoint's own 404, not the unmatched-path one: " + unknownDevice.body());
        assertEquals(1.0, scrape().value("tom_redis_up"));
    }
}
