package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP server's own limits, over raw sockets to a controller process: a half-sent request is
 * closed after the header timeout, an idle keep-alive connection likewise, connections over the
 * cap are closed as they open, and requests the server cannot parse get the JSON error body.
 */
class HttpEdgesIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @TempDir
    static Path dir;

    private static ControllerProcess controller;
    private static int port;

    @BeforeAll
    static void startController() throws Exception {
        port = RedisServer.freePort();
        controller = ControllerProcess.start(dir, Map.of("TOM_REDIS_URL", REDIS.server().url(),
                "TOM_HTTP_PORT", String.valueOf(port), "TOM_HTTP_HOST", "127.0.0.1",
                "TOM_HTTP_HEADER_TIMEOUT", "2s", "TOM_HTTP_IDLE_TIMEOUT", "30s", "TOM_HTTP_MAX_CONNECTIONS", "4"));
        controller.awaitHealthy(port, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopController() throws InterruptedException {
        controller.close();
    }

    @Test
    void aHalfSentRequestIsClosedAfterTheHeaderTimeout() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /api/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            long start = System.nanoTime();
            assertEquals("", readAll(socket, 20_000), "closed without an answer");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 1.5 && seconds < 10, "closed after about 2 s, took " + seconds);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheHeaderTimeout() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /observe/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String answer = readAll(socket, 20_000);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
    }

    @Test
    void requestsTheServerCannotParseGetTheJsonErrorBody() throws IOException {
        assertError("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414, "uri_too_long");
        assertError("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n", 431,
                "request_header_fields_too_large");
        assertError("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: many\r\n\r\n", 400, "bad_request");
    }

    @Test
    void connectionsOverTheCapAreClosedAsTheyOpen() throws Exception {
        // connections of earlier requests (the health wait's keep-alive one) are closed by the header timeout
        Thread.sleep(3_000);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                sockets.add(connect());
            }
            Thread.sleep(300);
            int answered = 0;
            int closed = 0;
            for (Socket socket : sockets) {
                try {
                    send(socket, "GET /observe/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                    String answer = readAll(socket, 5_000);
                    if (answer.startsWith("HTTP/1.1 200")) {
                        answered++;
                    } else if (answer.isEmpty()) {
                        closed++;
                    }
                } catch (IOException reset) {
                    closed++;
                }
            }
            assertEquals(4, answered, "answered");
            assertEquals(2, closed, "closed");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        controller.awaitOutput("Refusing connections", Duration.ofSeconds(10));
        assertTrue(controller.output().contains("TOM_HTTP_MAX_CONNECTIONS"), controller.output());
    }

    private static void assertError(String request, int status, String error) throws IOException {
        try (Socket socket = connect()) {
            send(socket, request);
            String answer = readAll(socket, 10_000);
            assertTrue(answer.startsWith("HTTP/1.") && answer.substring(9, 12).equals(String.valueOf(status)), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
            JsonNode body = Json.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertEquals(error, body.path("error").asText());
            assertTrue(body.path("detail").asText().length() > 10, answer);
        }
    }

    private static Socket connect() throws IOException {
        return new Socket("127.0.0.1", port);
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection; fails if it is still open after the wait. */
    private static String readAll(Socket socket, int waitMillis) throws IOException {
        socket.setSoTimeout(waitMillis);
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the connection is still open after " + waitMillis + " ms; read: " + text);
        }
        return text.toString();
    }
}
