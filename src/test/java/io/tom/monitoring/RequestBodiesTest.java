package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TempFiles;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are judged from the headers, before a byte of them is read and before any
 * authentication: a GET or HEAD with a body, or a body over the size limit, is answered at once
 * and its connection closed; the bodies being read at once never hold more than the set total.
 * Each client below sends only the start of the body it declares, so an answer proves the server
 * did not wait for (or buffer) the rest.
 */
class RequestBodiesTest extends TomApplicationTestSupport {

    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_BUFFERED = 4 * MAX_BODY;
    private Path routes;

    @Override
    protected Map<String, String> settings() {
        routes = TempFiles.routesFolder("team-upload.yaml", """
                    - route:
                        id: team-upload
                        from:
                          uri: platform-http:/team/upload?httpMethodRestrict=POST
                          steps:
                            - setBody:
                                simple:
                                  expression: "${bodyAs(String).length()}"
                                  resultType: java.lang.String
                    """);
        return Map.of("tom.metrics.token", "scrape-token", "tom.api.keys", "api-key",
                "tom.http.max-body-size", "64KB", "tom.http.max-buffered-bodies", "256KB", "tom.http.body-timeout", "1s",
                "tom.routes.dir", routes.toString());
    }

    @AfterAll
    void removeRoutes() {
        TempFiles.delete(routes);
    }

    @Test
    void aBodyTrickledSlowerThanTheBodyTimeoutIsCutAndItsSlotFreed() throws Exception {
        int openBefore = context.getRegistry().lookupByNameAndType("connectionLimits",
                io.tom.monitoring.http.ConnectionLimits.class).open();
        try (Socket socket = connect()) {
            send(socket, "POST /team/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n");
            // a byte every 100 ms keeps the idle timeout from ever firing; the whole body would take 100 s
            int sent = 0;
            boolean closed = false;
            socket.setSoTimeout(100);
            while (!closed && sent < 300) {
                try {
                    send(socket, "x");
                    sent++;
                    closed = socket.getInputStream().read() < 0;
                } catch (SocketTimeoutException stillOpen) {
                    // nothing to read yet: the server is still waiting for the body
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertTrue(closed, "closed while the body trickled in (" + sent + " bytes sent)");
            assertTrue(sent < 300, "cut long before the 1000-byte body was sent: " + sent);
        }
        Await.until(() -> context.getRegistry().lookupByNameAndType("connectionLimits",
                io.tom.monitoring.http.ConnectionLimits.class).open() <= openBefore, Duration.ofSeconds(10));
        // a body sent at once is read and answered as before
        try (Socket socket = connect()) {
            send(socket, "POST /team/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                    + "X-API-Key: api-key\r\nConnection: close\r\n\r\nhello");
            String answer = readUntilClosed(socket);
            assertTrue(answer.startsWith("HTTP/1.1 200") && answer.contains("\r\n5\r\n"), answer);
        }
    }

    @Test
    void aGetWithABodyIsRefusedBeforeItsBodyOrItsCredentialsAreRead() throws IOException {
        for (String path : List.of("/api/metrics", "/api/monitoring/workers", "/observe/health/live", "/nowhere")) {
            try (Socket socket = connect()) {
                send(socket, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10380902\r\n\r\n");
                send(socket, "x".repeat(1024));
                assertRefused(readUntilClosed(socket), 413, "content_too_large", "GET requests take no body");
            }
        }
        try (Socket socket = connect()) {
            send(socket, "HEAD /api/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n");
            String answer = readUntilClosed(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        }
    }

    @Test
    void manyClientsHoldingLargeGetBodiesAreAllAnsweredAndTheScrapeStillServes() throws IOException {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 80; i++) {
                Socket socket = connect();
                sockets.add(socket);
                send(socket, "GET /api/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10380902\r\n\r\n");
                send(socket, "x".repeat(16 * 1024));
            }
            for (Socket socket : sockets) {
                assertRefused(readUntilClosed(socket), 413, "content_too_large", "take no body");
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertTrue(get("/api/metrics", "Authorization", "Bearer scrape-token").body().contains("tom_redis_up 1.0"));
    }

    @Test
    void aBodyOverTheSizeLimitIsRefusedFromItsDeclaredLength() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /team/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + (MAX_BODY + 1)
                    + "\r\n\r\n" + "x".repeat(100));
            assertRefused(readUntilClosed(socket), 413, "content_too_large", "the most this server reads is " + MAX_BODY);
        }
    }

    @Test
    void aChunkedBodyIsCutAtTheSizeLimitWhileItIsRead() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /team/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = Integer.toHexString(16 * 1024) + "\r\n" + "x".repeat(16 * 1024) + "\r\n";
            try {
                for (int i = 0; i < 5; i++) {
                    send(socket, chunk);
                }
            } catch (IOException closedWhileSending) {
                // the server may close before the last chunk is written
            }
            assertRefused(readUntilClosed(socket), 413, "content_too_large", "TOM_HTTP_MAX_BODY_SIZE");
        }
    }

    @Test
    void bodiesBeingReadAtOnceHoldNoMoreThanTheBufferedTotal() throws Exception {
        List<Socket> holders = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_BUFFERED / MAX_BODY; i++) {
                Socket socket = connect();
                holders.add(socket);
                send(socket, "POST /team/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + MAX_BODY + "\r\n\r\n"
                        + "x".repeat(1000));
            }
            // the holders' headers may still be on their way: a small body is refused once they all are in
            Await.until(() -> postSmallBody().startsWith("HTTP/1.1 503"), Duration.ofSeconds(20));
            String refused = postSmallBody();
            assertRefused(refused, 503, "busy", "retry later");
            assertTrue(refused.contains("Retry-After: 1") || refused.contains("retry-after: 1"), refused);
        } finally {
            for (Socket socket : holders) {
                socket.close();
            }
        }
        // a closed connection gives back what its request held
        Await.until(() -> postSmallBody().startsWith("HTTP/1.1 200"), Duration.ofSeconds(20));
        String answered = postSmallBody();
        assertTrue(answered.startsWith("HTTP/1.1 200") && answered.contains("\r\n\r\n2\r\n10\r\n"), "the route read the whole body: " + answered);
    }

    private String postSmallBody() {
        try (Socket socket = connect()) {
            send(socket, "POST /team/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 10\r\n\r\n"
                    + "0123456789");
            return readUntilClosed(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertRefused(String answer, int status, String error, String detailPart) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
        JsonNode body = Json.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertEquals(error, body.path("error").asText(), answer);
        assertTrue(body.path("detail").asText().contains(detailPart), answer);
    }

    private Socket connect() throws IOException {
        return new Socket("127.0.0.1", httpPort);
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** What the server sends until it closes; fails when it keeps the connection open (waiting for the body). */
    private static String readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("still open after 20 s; read: " + read.toString(StandardCharsets.UTF_8));
        } catch (IOException reset) {
            // a reset after the answer: the server closed with our unread bytes in its buffer
        }
        return read.toString(StandardCharsets.UTF_8);
    }
}
