package io.tom.monitoring.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.PrometheusProcess;
import io.tom.monitoring.support.ReadmeSimulator;
import io.tom.monitoring.support.TempFiles;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The on-call chain end to end: a real Prometheus with the shipped rules sends to a real
 * Alertmanager with the shipped monitoring/alertmanager.yml (only its receivers' address changed),
 * which delivers to the controller's example receiver route (routes/examples/alertmanager-to-file.yaml).
 * While the README's simulated fleet is healthy nothing is sent; with Redis stopped exactly one
 * notification arrives, the page about Redis, and the alerts Redis's absence also sets off are
 * inhibited.
 */
class AlertmanagerPagesOnceIT extends TomApplicationTestSupport {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static Path work;
    private static Path notificationsFile;
    private static PrometheusProcess alertmanager;
    private static PrometheusProcess prometheus;

    @Override
    protected Map<String, String> settings() {
        // the example route exactly as shipped, alone in the folder a user would point TOM_ROUTES_DIR at
        work = TempFiles.routesFolder("alertmanager-to-file.yaml", read(ROOT.resolve("routes/examples/alertmanager-to-file.yaml")));
        notificationsFile = work.resolve("alerts/alertmanager-notifications.log");
        return Map.of("tom.routes.dir", work.toString(), "tom.examples.alerts.dir", work.resolve("alerts").toString());
    }

    @AfterAll
    static void stopTools() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        TempFiles.delete(work);
    }

    @Test
    void withRedisStoppedExactlyOneNotificationArrivesThePageAboutRedis() throws Exception {
        String shipped = Files.readString(ROOT.resolve("monitoring/alertmanager.yml"));
        assertTrue(shipped.contains("http://controller:8000/alerts/alertmanager"), "the receivers' address in the example");
        alertmanager = PrometheusProcess.alertmanager(Files.createDirectories(work.resolve("alertmanager")),
                shipped.replace("http://controller:8000/", "http://127.0.0.1:" + httpPort + "/"));

        try (ReadmeSimulator fleet = ReadmeSimulator.start(redisServer.url(), redis)) {
            Await.until(() -> !redis.keys("tom:worker:heartbeat:*").isEmpty(), Duration.ofSeconds(30));
            prometheus = PrometheusProcess.withShippedRules(Files.createDirectories(work.resolve("prometheus")),
                    httpPort, alertmanager.address());
            // a healthy minute: Prometheus sends nothing, so nothing is delivered
            Await.until(() -> prometheus.scalar("count_over_time(up{job=\"tom-controller\"}[10m])") >= 60,
                    Duration.ofSeconds(120));
            assertEquals(List.of(), notifications(), "no notification while the fleet is healthy");

            redisServer.stop();
            // TomRedisUnreachable waits 2 minutes, then Alertmanager's group_wait of 30 s
            Await.until(() -> !notifications().isEmpty(), Duration.ofMinutes(5));
            // the alerts that Redis's absence also sets off fire meanwhile, and stay muted
            Await.until(() -> inhibited().contains("TomWorkerHeartbeatStale"), Duration.ofMinutes(4));
            Thread.sleep(Duration.ofSeconds(40).toMillis());

            List<String> delivered = notifications();
            assertEquals(1, delivered.size(), "exactly one notification: " + delivered);
            assertTrue(delivered.get(0).contains(" tom-page firing TomRedisUnreachable severity=page alerts=1: "),
                    delivered.get(0));
            assertTrue(delivered.get(0).endsWith("/docs/runbooks/TomRedisUnreachable.md"), delivered.get(0));
            System.out.println("Alertmanager delivered: " + delivered.get(0) + "; inhibited: " + inhibited());
        }
    }

    private static List<String> notifications() {
        try {
            return Files.exists(notificationsFile) ? Files.readAllLines(notificationsFile).stream()
                    .filter(line -> !line.isBlank()).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The alerts Alertmanager holds and mutes by an inhibition rule. */
    private static List<String> inhibited() {
        JsonNode alerts = alertmanager.api("/api/v2/alerts?inhibited=true&active=false&silenced=false");
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode alert : alerts) {
            if (!alert.path("status").path("inhibitedBy").isEmpty()) {
                names.add(alert.path("labels").path("alertname").asText());
            }
        }
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
