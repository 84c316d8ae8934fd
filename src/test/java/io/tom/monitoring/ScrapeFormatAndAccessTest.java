package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;

/** What a Prometheus server sees of the scrape path: formats, label names, methods. */
class ScrapeFormatAndAccessTest extends TomApplicationTestSupport {

    private static final Pattern LABEL_NAME = Pattern.compile("[{,]([A-Za-z_][A-Za-z0-9_]*)=\"");

    @Test
    void plainRequestGetsPrometheusText() {
        HttpResponse<String> response = get("/api/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(response.body().contains("# TYPE tom_redis_up gauge"));
    }

    @Test
    void openMetricsAcceptHeaderGetsOpenMetrics() {
        new TomFleetFixture(redis).globalStats(Map.of("complete", 2));
        HttpResponse<String> response = get("/api/metrics", "Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/openmetrics-text; version=1.0.0"));
        assertTrue(response.body().contains("# TYPE tom_jobs counter"), "OpenMetrics names the counter family");
        assertTrue(response.body().contains(
                "tom_jobs_total{device=\"all\",error_type=\"none\",status=\"success\",worker=\"all\"} 2.0"));
        assertTrue(response.body().endsWith("# EOF\n"));
    }

    @Test
    void prometheusProtobufAcceptHeaderGetsWholeDelimitedMetricFamilies() throws Exception {
        new TomFleetFixture(redis).globalStats(Map.of("complete", 41, "failed", 1));
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + httpPort + "/api/metrics"))
                // what Prometheus sends with native histograms enabled
                .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                        + "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.2").GET().build();
        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily"));

        // every byte parses: a body that went through a String (scrape(String)) would not
        var in = new java.io.ByteArrayInputStream(response.body());
        Map<String, Metrics.MetricFamily> families = new java.util.HashMap<>();
        Metrics.MetricFamily family;
        while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
            families.put(family.getName(), family);
        }
        assertEquals(0, in.available());
        double fleetSuccesses = families.get("tom_jobs_total").getMetricList().stream()
                .filter(metric -> metric.getLabelList().stream().map(l -> l.getName() + "=" + l.getValue()).toList()
                        .equals(java.util.List.of("device=all", "error_type=none", "status=success", "worker=all")))
                .findFirst().orElseThrow().getCounter().getValue();
        assertEquals(41.0, fleetSuccesses);
        assertEquals(1.0, families.get("tom_redis_up").getMetric(0).getGauge().getValue());
        assertTrue(families.keySet().stream().anyMatch(name -> name.startsWith("jvm_")), "JVM metrics in the same scrape");
    }

    @Test
    void gzipIsUsedWhenTheClientAcceptsIt() throws Exception {
        new TomFleetFixture(redis).globalStats(Map.of("complete", 5));
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + httpPort + "/api/metrics"))
                .header("Accept-Encoding", "gzip").GET().build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(""));
        String text = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains(
                "tom_jobs_total{device=\"all\",error_type=\"none\",status=\"success\",worker=\"all\"} 5.0"));
        assertTrue(get("/api/metrics", "Accept-Encoding", "gzip;q=0, identity").headers()
                .firstValue("Content-Encoding").isEmpty(), "gzip;q=0 means no gzip");
    }

    @Test
    void everyLabelNameIsSnakeCase() {
        get("/api/metrics"); // so Camel's route metrics have recorded an exchange
        String body = get("/api/metrics").body();
        assertTrue(body.contains("route_id=\"metrics-scrape\""), "Camel route metrics are in the same exposition");
        Matcher labels = LABEL_NAME.matcher(body);
        while (labels.find()) {
            String name = labels.group(1);
            assertEquals(name.toLowerCase(), name, "label name " + name + " is not snake_case");
        }
    }

    @Test
    void otherMethodsAreRefused() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + httpPort + "/api/metrics"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build();
        assertEquals(405, client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void scrapeIsOpenWhenNoTokenIsConfigured() {
        assertEquals(200, get("/api/metrics", "Authorization", "Bearer anything").statusCode());
    }
}
