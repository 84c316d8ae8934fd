package io.tom.monitoring.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.ExternalTool;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.RedisServerExtension;
import io.tom.monitoring.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TOM_WEB_CONFIG_FILE in the exporter-toolkit format: a real Prometheus scrapes the controller over
 * HTTPS with basic_auth and tls_config.ca_file (a certificate this test makes); without credentials
 * the answer is 401; the configured headers are on every answer; a bad file stops startup.
 */
class WebConfigIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesOverHttpsWithBasicAuth() throws Exception {
        ExternalTool.Result cert = ExternalTool.run(dir, ExternalTool.find("openssl", "openssl"), "req", "-x509",
                "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "key.pem", "-out",
                "cert.pem", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        assertEquals(0, cert.exitCode(), cert.output());
        String hash = BCrypt.withDefaults().hashToString(4, "scrape-secret".toCharArray());
        Files.writeString(dir.resolve("web.yml"), """
                tls_server_config:
                  cert_file: cert.pem
                  key_file: key.pem
                  min_version: TLS12
                basic_auth_users:
                  prometheus: "%s"
                http_server_config:
                  headers:
                    X-Frame-Options: deny
                """.formatted(hash));
        int port = RedisServer.freePort();
        try (ControllerProcess controller = ControllerProcess.start(dir, Map.of("TOM_REDIS_URL", REDIS.server().url(),
                "TOM_HTTP_PORT", String.valueOf(port), "TOM_HTTP_HOST", "127.0.0.1",
                "TOM_WEB_CONFIG_FILE", dir.resolve("web.yml").toString()))) {
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(dir.resolve("cert.pem")))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI metrics = URI.create("https://127.0.0.1:" + port + "/api/metrics");
            Await.until(() -> {
                try {
                    return https.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 401;
                } catch (Exception notYet) {
                    return false;
                }
            }, Duration.ofSeconds(60));
            HttpResponse<String> anonymous = https.send(HttpRequest.newBuilder(metrics).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
            // issue 21, item 7: the startup line said "/api/metrics open", and Camel listed http:// URLs
            assertTrue(controller.output().contains("serving https://127.0.0.1:" + port + " (TLS only, TOM_WEB_CONFIG_FILE),"
                    + " everything behind basic auth (1 user(s), TOM_WEB_CONFIG_FILE): /api/metrics basic auth only"),
                    controller.output());
            assertFalse(controller.output().contains(" http://127.0.0.1"), controller.output());
            assertEquals("deny", anonymous.headers().firstValue("X-Frame-Options").orElse(""));
            String basic = "Basic " + Base64.getEncoder().encodeToString("prometheus:scrape-secret"
                    .getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> scrape = https.send(HttpRequest.newBuilder(metrics).header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().contains("tom_redis_up 1.0"));
            assertEquals("deny", scrape.headers().firstValue("X-Frame-Options").orElse(""));
            assertEquals(0, healthProbe(port), "the HEALTHCHECK probe over HTTPS: basic auth's 401 counts as alive");
            assertEquals(401, https.send(HttpRequest.newBuilder(metrics).header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("prometheus:wrong".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());

            // a real Prometheus, as its scrape_configs are written for any exporter
            int prometheusPort = RedisServer.freePort();
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: tom-controller
                        metrics_path: /api/metrics
                        scheme: https
                        basic_auth:
                          username: prometheus
                          password: scrape-secret
                        tls_config:
                          ca_file: %s
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                      - job_name: tom-anonymous
                        metrics_path: /api/metrics
                        scheme: https
                        tls_config:
                          ca_file: %s
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(dir.resolve("cert.pem"), port, dir.resolve("cert.pem"), port));
            Process prometheus = startPrometheus(prometheusPort);
            try {
                HttpClient http = HttpClient.newHttpClient();
                String query = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                        + URLEncoder.encode("up", StandardCharsets.UTF_8);
                Await.until(() -> {
                    try {
                        JsonNode result = Json.parse(http.send(HttpRequest.newBuilder(URI.create(query)).build(),
                                HttpResponse.BodyHandlers.ofString()).body()).path("data").path("result");
                        return result.size() == 2;
                    } catch (Exception notYet) {
                        return false;
                    }
                }, Duration.ofSeconds(60));
                JsonNode targets = Json.parse(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + prometheusPort + "/api/v1/targets")).build(), HttpResponse.BodyHandlers.ofString()).body());
                Await.until(() -> health(http, prometheusPort, "tom-controller").equals("up")
                        && health(http, prometheusPort, "tom-anonymous").equals("down"), Duration.ofSeconds(30));
                assertTrue(targets.toString().contains("tom-controller"));
            } finally {
                prometheus.destroy();
            }
        }
    }

    /**
     * RequireAndVerifyClientCert with a test CA and min_version TLS13: a real Prometheus presenting
     * a client certificate the CA signed scrapes (up); one without a certificate, and a client
     * limited to TLS 1.2, cannot even complete the handshake.
     */
    @Test
    void clientCertificatesAreRequiredAndVerifiedAndOlderTlsIsRefused() throws Exception {
        TestCertificates certificates = TestCertificates.make(dir);
        // a certificate from another CA must be refused as well as a missing one
        TestCertificates stranger = TestCertificates.make(Files.createDirectories(dir.resolve("stranger")));
        Files.writeString(dir.resolve("web.yml"), """
                tls_server_config:
                  cert_file: server.pem
                  key_file: server.key
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: ca.pem
                  min_version: TLS13
                """);
        int port = RedisServer.freePort();
        try (ControllerProcess controller = ControllerProcess.start(dir, Map.of("TOM_REDIS_URL", REDIS.server().url(),
                "TOM_HTTP_PORT", String.valueOf(port), "TOM_HTTP_HOST", "127.0.0.1",
                "TOM_WEB_CONFIG_FILE", dir.resolve("web.yml").toString()))) {
            URI metrics = URI.create("https://127.0.0.1:" + port + "/api/metrics");
            HttpClient withCertificate = HttpClient.newBuilder().sslContext(certificates.clientContext("TLSv1.3"))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            Await.until(() -> {
                try {
                    return withCertificate.send(HttpRequest.newBuilder(metrics).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (Exception notYet) {
                    return false;
                }
            }, Duration.ofSeconds(60));
            assertTrue(withCertificate.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                    .body().contains("tom_redis_up 1.0"));
            assertHandshakeFails(HttpClient.newBuilder().sslContext(trusting(certificates.ca())).build(), metrics);
            assertHandshakeFails(HttpClient.newBuilder().sslContext(stranger.clientContextTrusting(certificates.ca(),
                    "TLSv1.3")).build(), metrics);
            assertHandshakeFails(HttpClient.newBuilder().sslContext(certificates.clientContext("TLSv1.2")).build(),
                    metrics);
            // the container's HEALTHCHECK probe gets in with the controller's own certificate
            assertEquals(0, healthProbe(port), "the probe passes");

            int prometheusPort = RedisServer.freePort();
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: with-certificate
                        metrics_path: /api/metrics
                        scheme: https
                        tls_config:
                          ca_file: %1$s/ca.pem
                          cert_file: %1$s/client.pem
                          key_file: %1$s/client.key
                        static_configs:
                          - targets: ['127.0.0.1:%2$d']
                      - job_name: without-certificate
                        metrics_path: /api/metrics
                        scheme: https
                        tls_config:
                          ca_file: %1$s/ca.pem
                        static_configs:
                          - targets: ['127.0.0.1:%2$d']
                    """.formatted(dir, port));
            Process prometheus = startPrometheus(prometheusPort);
            try {
                HttpClient http = HttpClient.newHttpClient();
                Await.until(() -> health(http, prometheusPort, "with-certificate").equals("up")
                        && health(http, prometheusPort, "without-certificate").equals("down"), Duration.ofSeconds(60));
            } finally {
                prometheus.destroy();
            }
        }
    }

    /** The container HEALTHCHECK's command, run as the Dockerfile runs it, with this test's web configuration. */
    private int healthProbe(int port) throws Exception {
        ProcessBuilder probe = new ProcessBuilder(Path.of("docker/tom-health").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("probe.log").toFile());
        probe.environment().put("TOM_HTTP_PORT", String.valueOf(port));
        probe.environment().put("TOM_WEB_CONFIG_FILE", dir.resolve("web.yml").toString());
        Process process = probe.start();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the probe did not finish");
        }
        if (process.exitValue() != 0) {
            System.err.println(Files.readString(dir.resolve("probe.log")));
        }
        return process.exitValue();
    }

    /** A real Prometheus on the port, with the prometheus.yml this test wrote. */
    private Process startPrometheus(int port) throws java.io.IOException {
        return new ProcessBuilder(ExternalTool.find("prometheus", "prometheus"),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    private static void assertHandshakeFails(HttpClient client, URI uri) {
        Exception failure = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding()));
        assertTrue(failure instanceof javax.net.ssl.SSLException || failure.getCause() instanceof javax.net.ssl.SSLException
                || String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("closed")
                || String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("reset"),
                "a TLS failure, not " + failure);
    }

    private static String health(HttpClient http, int prometheusPort, String job) {
        try {
            JsonNode targets = Json.parse(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + prometheusPort + "/api/v1/targets")).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode target : targets.path("data").path("activeTargets")) {
                if (job.equals(target.path("labels").path("job").asText())) {
                    return target.path("health").asText();
                }
            }
        } catch (Exception notYet) {
            // not yet
        }
        return "";
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (FileInputStream in = new FileInputStream(pem.toFile())) {
            trust.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
