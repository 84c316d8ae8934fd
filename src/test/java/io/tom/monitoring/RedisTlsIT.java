package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.tom.monitoring.support.ControllerHttp;
import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.TestCertificates;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * rediss:// to a real redis-server speaking TLS with a certificate from a CA this test makes, and
 * asking for client certificates (tls-auth-clients): with TOM_REDIS_TLS_CA and the client
 * certificate the controller reads Redis; without the CA, or without a client certificate, it
 * cannot, and says so; settings that cannot work stop startup with one line.
 */
class RedisTlsIT {

    @TempDir
    static Path dir;

    private static TestCertificates certificates;
    private static RedisServer redis;
    private static int tlsPort;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        certificates = TestCertificates.make(Files.createDirectories(dir.resolve("pki")));
        // TLS on its own port; the plain port stays for the test's own writes
        redis = RedisServer.startOnFreePorts(tls -> new String[] {"--tls-port", String.valueOf(tls),
                "--tls-cert-file", certificates.serverCertificate().toString(),
                "--tls-key-file", certificates.serverKey().toString(),
                "--tls-ca-cert-file", certificates.ca().toString(), "--tls-auth-clients", "yes"});
        tlsPort = redis.secondPort();
        try (RedisClient client = redis.client()) {
            new TomFleetFixture(client).deviceStats("10.0.0.1", Map.of("complete", 4));
        }
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void withThePrivateCaAndAClientCertificateTheControllerReadsRedis() throws Exception {
        try (Controller controller = start(Map.of("TOM_REDIS_TLS_CA", certificates.ca().toString(),
                "TOM_REDIS_TLS_CERT", certificates.clientCertificate().toString(),
                "TOM_REDIS_TLS_KEY", certificates.clientKey().toString()))) {
            Exposition scrape = ControllerHttp.scrape(controller.port);
            assertEquals(1.0, scrape.value("tom_redis_up"), scrape.text());
            assertEquals(4.0, scrape.value("tom_jobs_total{device=\"10.0.0.1\",error_type=\"none\",status=\"success\","
                    + "worker=\"all\"}"));
            assertEquals(200, ControllerHttp.response(controller.port, "/api/monitoring/device_stats/10.0.0.1")
                    .statusCode());
        }
    }

    @Test
    void withoutAClientCertificateRedisRefusesTheConnection() throws Exception {
        try (Controller controller = start(Map.of("TOM_REDIS_TLS_CA", certificates.ca().toString()))) {
            Exposition scrape = ControllerHttp.scrape(controller.port);
            assertEquals(0.0, scrape.value("tom_redis_up"));
            assertEquals(503, ControllerHttp.response(controller.port, "/api/monitoring/workers").statusCode());
        }
    }

    @Test
    void withoutThePrivateCaRedisIsNotTrusted() throws Exception {
        try (Controller controller = start(Map.of("TOM_REDIS_TLS_CERT", certificates.clientCertificate().toString(),
                "TOM_REDIS_TLS_KEY", certificates.clientKey().toString()))) {
            Exposition scrape = ControllerHttp.scrape(controller.port);
            assertEquals(0.0, scrape.value("tom_redis_up"));
            controller.process.awaitOutput("Redis is unreachable", Duration.ofSeconds(10));
        }
    }

    private record Controller(ControllerProcess process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    private static Controller start(Map<String, String> tls) throws Exception {
        int port = RedisServer.freePort();
        Map<String, String> environment = new HashMap<>(Map.of("TOM_REDIS_URL", "rediss://127.0.0.1:" + tlsPort + "/0",
                "TOM_HTTP_PORT", String.valueOf(port), "TOM_HTTP_HOST", "127.0.0.1", "TOM_REDIS_TIMEOUT_MS", "2000",
                "TOM_TRIM_ENABLED", "false"));
        environment.putAll(tls);
        ControllerProcess process = ControllerProcess.start(dir, environment);
        process.awaitHealthy(port, Duration.ofSeconds(60));
        return new Controller(process, port);
    }
}
