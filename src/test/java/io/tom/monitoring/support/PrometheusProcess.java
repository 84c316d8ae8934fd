package io.tom.monitoring.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real Prometheus (Debian's package) or Alertmanager ({@code prometheus-alertmanager}) process
 * on a free loopback port, with its HTTP API, for the tests that prove the operations kit end to end.
 */
public final class PrometheusProcess implements AutoCloseable {

    private final Process process;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Prometheus with {@code config} as its prometheus.yml, its data and log in {@code dir}. */
    public static PrometheusProcess prometheus(Path dir, String config) throws IOException {
        int port = RedisServer.freePort();
        Files.writeString(dir.resolve("prometheus.yml"), config);
        Process process = new ProcessBuilder(ExternalTool.find("prometheus", "prometheus"),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        return ready(process, "http://127.0.0.1:" + port);
    }

    /**
     * Prometheus scraping the controller on {@code controllerPort} every second with the shipped
     * recording and alert rules, evaluated every second; alerts go to {@code alertmanager}
     * (host:port) when it is not null.
     */
    public static PrometheusProcess withShippedRules(Path dir, int controllerPort, String alertmanager)
            throws IOException {
        return withShippedRules(dir, java.util.List.of(controllerPort), alertmanager);
    }

    /** As above, scraping every controller of {@code controllerPorts} (one job, a target each). */
    public static PrometheusProcess withShippedRules(Path dir, java.util.List<Integer> controllerPorts,
            String alertmanager) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        String alerting = alertmanager == null ? "" : """
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ['%s']
                """.formatted(alertmanager);
        return prometheus(dir, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                  - %s
                %sscrape_configs:
                  - job_name: tom-controller
                    metrics_path: /api/metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(root.resolve("monitoring/recording-rules.yml"), root.resolve("monitoring/alerts.yml"),
                alerting, String.join(", ", controllerPorts.stream().map(port -> "'127.0.0.1:" + port + "'").toList())));
    }

    /** Alertmanager with {@code config} as its alertmanager.yml, no cluster, its data and log in {@code dir}. */
    public static PrometheusProcess alertmanager(Path dir, String config) throws IOException {
        int port = RedisServer.freePort();
        Files.writeString(dir.resolve("alertmanager.yml"), config);
        Process process = new ProcessBuilder(ExternalTool.find("prometheus-alertmanager", "prometheus-alertmanager"),
                "--config.file=" + dir.resolve("alertmanager.yml"), "--storage.path=" + dir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        return ready(process, "http://127.0.0.1:" + port);
    }

    private static PrometheusProcess ready(Process process, String url) {
        PrometheusProcess started = new PrometheusProcess(process, url);
        Await.until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(url + " exited with " + process.exitValue() + " (its log is beside its config)");
            }
            return started.status("/-/ready") == 200;
        }, Duration.ofSeconds(60));
        return started;
    }

    public String url() {
        return url;
    }

    /** host:port, as a Prometheus alerting target. */
    public String address() {
        return URI.create(url).getAuthority();
    }

    public JsonNode api(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An instant query's first value, NaN when it has none. */
    public double scalar(String query) {
        JsonNode result = api("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .path("data").path("result");
        return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
    }

    /** A Prometheus alert that is pending or firing, with its labels. */
    public record ActiveAlert(String name, String state, Map<String, String> labels) {
    }

    /** Prometheus's pending and firing alerts now. */
    public List<ActiveAlert> alerts() {
        List<ActiveAlert> alerts = new ArrayList<>();
        for (JsonNode alert : api("/api/v1/alerts").path("data").path("alerts")) {
            Map<String, String> labels = new TreeMap<>();
            alert.path("labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            alerts.add(new ActiveAlert(labels.get("alertname"), alert.path("state").asText(), labels));
        }
        return alerts;
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
