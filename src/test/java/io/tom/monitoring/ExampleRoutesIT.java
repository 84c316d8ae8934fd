package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.RedisServerExtension;
import io.tom.monitoring.domain.JobOutcome;
import io.tom.monitoring.writer.TomWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The example routes in {@code routes/examples}, loaded as users load them (TOM_ROUTES_DIR) into
 * a controller process: the webhook gets every new failed command once, in order, across a
 * restart and a webhook outage; the export writes the stats summary to a file.
 */
class ExampleRoutesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @TempDir
    Path workingDir;

    @Test
    void webhookGetsEveryNewFailureOnceAcrossRestartsAndOutagesAndTheExportWritesTheSummary() throws Exception {
        List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean receiverFailing = new AtomicBoolean(false);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/tom", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (receiverFailing.get()) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                delivered.add(Json.parse(new String(body, StandardCharsets.UTF_8)).get("entry_id").asText());
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        receiver.start();
        TomWriter writer = new TomWriter(RedisConnections.standalone(REDIS.client()));
        Path exports = workingDir.resolve("exports");
        try {
            fail(writer, "before-1");
            fail(writer, "before-2");
            int httpPort = RedisServer.freePort();
            Map<String, String> environment = Map.of(
                    "TOM_REDIS_URL", REDIS.server().url(),
                    "TOM_HTTP_PORT", String.valueOf(httpPort),
                    "TOM_ROUTES_DIR", Path.of("routes/examples").toAbsolutePath().toString(),
                    "TOM_EXAMPLES_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/tom",
                    "TOM_EXAMPLES_WEBHOOK_POLL", "200ms",
                    "TOM_EXAMPLES_EXPORT_CRON", "*/1 * * * * ?",
                    "TOM_EXAMPLES_EXPORT_DIR", exports.toString());

            try (ControllerProcess controller = ControllerProcess.start(workingDir, environment)) {
                controller.awaitOutput("Consumer 'webhook' follows tom:failed_commands", WAIT);
                for (int i = 1; i <= 5; i++) {
                    fail(writer, "first-" + i);
                }
                awaitTrue(() -> delivered.size() >= 5);
                Thread.sleep(600);
                assertEquals(idsOfJobs("first-"), delivered, "the new failures, once each, in order");
            }

            for (int i = 1; i <= 3; i++) {
                fail(writer, "while-down-" + i);
            }
            try (ControllerProcess controller = ControllerProcess.start(workingDir, environment)) {
                awaitTrue(() -> delivered.size() >= 8);
                receiverFailing.set(true);
                fail(writer, "during-outage-1");
                fail(writer, "during-outage-2");
                controller.awaitOutput("retrying at the next poll", WAIT);
                receiverFailing.set(false);
                awaitTrue(() -> delivered.size() >= 10);
                Thread.sleep(600);

                List<String> expected = new ArrayList<>(idsOfJobs("first-"));
                expected.addAll(idsOfJobs("while-down-"));
                expected.addAll(idsOfJobs("during-outage-"));
                assertEquals(expected, delivered, "nothing skipped, nothing repeated, in stream order");

                // the first controller already exported a summary without the last failures
                deleteExports(exports);
                AtomicReference<JsonNode> export = new AtomicReference<>();
                awaitTrue(() -> {
                    export.set(readExport(exports));
                    return export.get() != null;
                });
                JsonNode exported = export.get();
                assertEquals(12, exported.get("global").get("total_jobs").asInt(), "every failure written so far");
                JsonNode live = Json.parse(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + httpPort + "/api/monitoring/stats/summary")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertEquals(live.get("global"), exported.get("global"));
                assertEquals(live.get("top_devices"), exported.get("top_devices"));
            }
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void twoControllersSharingTheWebhookDeliverEachFailureOnce() throws Exception {
        REDIS.client().flushAll();
        List<String> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/tom", exchange -> {
            delivered.add(Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .get("entry_id").asText());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        TomWriter writer = new TomWriter(RedisConnections.standalone(REDIS.client()));
        int portA = RedisServer.freePort();
        int portB = RedisServer.freePort();
        try (ControllerProcess a = ControllerProcess.start(workingDir, webhookEnvironment(portA, receiver));
                ControllerProcess b = ControllerProcess.start(workingDir, webhookEnvironment(portB, receiver))) {
            a.awaitHealthy(portA, WAIT);
            b.awaitHealthy(portB, WAIT);
            awaitTrue(() -> !REDIS.client().xinfoGroups("tom:failed_commands").isEmpty());
            for (int i = 1; i <= 60; i++) {
                fail(writer, "shared-" + i);
            }
            awaitTrue(() -> delivered.size() >= 60);
            Thread.sleep(1000);
            assertEquals(new java.util.TreeSet<>(idsOfJobs("shared-")), new java.util.TreeSet<>(delivered),
                    "every failure delivered");
            assertEquals(60, delivered.size(), "and each once, by one of the two controllers");
        } finally {
            receiver.stop(0);
        }
    }

    private static Map<String, String> webhookEnvironment(int port, HttpServer receiver) {
        return Map.of("TOM_REDIS_URL", REDIS.server().url(), "TOM_HTTP_PORT", String.valueOf(port),
                "TOM_ROUTES_DIR", Path.of("routes/examples").toAbsolutePath().toString(),
                "TOM_EXAMPLES_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/tom",
                "TOM_EXAMPLES_WEBHOOK_POLL", "50ms");
    }

    private static void fail(TomWriter writer, String jobId) {
        writer.recordJob(JobOutcome.failure("worker-1", "10.0.0.1", ErrorType.TIMEOUT, jobId, "show version",
                "timed out", "cred-1", 1, 30.0, Instant.now().getEpochSecond()));
    }

    private static List<String> idsOfJobs(String jobPrefix) {
        return REDIS.client().xrange("tom:failed_commands", "-", "+").stream()
                .filter(e -> e.getFields().get("job_id").startsWith(jobPrefix))
                .map(StreamEntry::getID).map(Object::toString).toList();
    }

    private static void deleteExports(Path exports) throws IOException {
        if (!Files.isDirectory(exports)) {
            return;
        }
        try (Stream<Path> files = Files.list(exports)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The exported summary, or null while there is none; the route replaces the file every second. */
    private static JsonNode readExport(Path exports) {
        if (!Files.isDirectory(exports)) {
            return null;
        }
        try (Stream<Path> files = Files.list(exports)) {
            Path file = files.filter(f -> f.getFileName().toString().matches("stats-summary-\\d{4}-\\d{2}-\\d{2}\\.json"))
                    .findFirst().orElse(null);
            return file == null ? null : Json.parse(Files.readString(file));
        } catch (IOException | RuntimeException | AssertionError e) {
            return null; // replaced between listing and reading: the next poll sees the new file
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, WAIT);
    }
}
