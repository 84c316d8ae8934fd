package io.tom.monitoring.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every value the controller refuses at startup, grouped per setting: the binding names the
 * variable, the property and what is wrong, in one message. The bundled application.properties
 * stands under each case, as in production. That a refusal ends the process with that one line
 * and exit code 1 is ControllerStartupIT's.
 */
class RefusedSettingsTest {

    @TempDir
    Path dir;

    @Test
    void apiKeysMayNotBeBlank() throws IOException {
        assertRefused(Map.of("tom.api.keys", ","), "TOM_API_KEYS (tom.api.keys) holds a blank key (entry 1 of 2)");
        assertRefused(Map.of("tom.api.keys", " "), "TOM_API_KEYS (tom.api.keys) holds a blank key");
        assertRefused(Map.of("tom.api.keys", "key-one,,key-two"), "holds a blank key (entry 2 of 3)");
    }

    @Test
    void theMetricsTokenMayNotBeBlank() throws IOException {
        assertRefused(Map.of("tom.metrics.token", " "), "TOM_METRICS_TOKEN (tom.metrics.token) is blank");
    }

    @Test
    void theHttpPortIsAPortThatCanBeListenedOn() throws IOException {
        assertRefused(Map.of("tom.http.port", "abc"), "TOM_HTTP_PORT (tom.http.port) must be a positive integer");
        assertRefused(Map.of("tom.http.port", "-1"), "TOM_HTTP_PORT (tom.http.port) must be a positive integer");
        assertRefused(Map.of("tom.http.port", "70000"), "must be a port from 1 to 65535, got '70000'");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertRefused(Map.of("tom.http.port", String.valueOf(taken.getLocalPort())),
                    "TOM_HTTP_PORT " + taken.getLocalPort() + " on 127.0.0.1 cannot be listened on");
        }
    }

    /** Issue 21, item 9: "For input string" for a database that is not a number; port 99999 retried for ever. */
    @Test
    void theRedisUrlNamesAPortAndADatabaseIndex() throws IOException {
        assertRefused(Map.of("tom.redis.url", "redis://127.0.0.1:6480/abc"), "TOM_REDIS_URL (tom.redis.url) names the"
                + " database 'abc', which is not a database index (a whole number: redis://host:port/0)");
        assertRefused(Map.of("tom.redis.url", "redis://127.0.0.1:99999/0"),
                "has port 99999, which is not a port (1 to 65535)");
        String refused = assertRefused(Map.of("tom.redis.url", "redis://user:s3cret@127.0.0.1:6480/x1"),
                "names the database 'x1'");
        assertTrue(!refused.contains("s3cret"), "the password is not echoed: " + refused);
    }

    @Test
    void theHttpHostResolves() throws IOException {
        assertRefused(Map.of("tom.http.host", "no-such-host.invalid"),
                "TOM_HTTP_HOST (tom.http.host) does not resolve: 'no-such-host.invalid'");
    }

    @Test
    void requestBodyLimitsAreSizesAndTheBufferHoldsOneBody() throws IOException {
        assertRefused(Map.of("tom.http.max-body-size", "lots"), "TOM_HTTP_MAX_BODY_SIZE (tom.http.max-body-size)");
        assertRefused(Map.of("tom.http.max-body-size", "2MB", "tom.http.max-buffered-bodies", "1MB"),
                "TOM_HTTP_MAX_BUFFERED_BODIES");
    }

    @Test
    void theRoutesFolderExists() throws IOException {
        Path missing = dir.resolve("does-not-exist");
        assertRefused(Map.of("tom.routes.dir", missing.toString()),
                "TOM_ROUTES_DIR is " + missing + ", which is not a readable folder");
    }

    @Test
    void theWebConfigFileIsReadAndEnforceable() throws IOException {
        Map<String, String> cases = Map.of(
                "tls_server_config:\n  cert_file: missing.pem\n  key_file: k.pem\n  unknown_option: 1\n",
                "unknown key tls_server_config.unknown_option",
                "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n"
                        + "  client_auth_type: RequireAndVerifyClientCert\n",
                "client_auth_type RequireAndVerifyClientCert needs client_ca_file",
                "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  client_ca_file: ca.pem\n",
                "client_ca_file is set but client_auth_type is NoClientCert",
                "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  client_auth_type: Sometimes\n",
                "client_auth_type Sometimes is not one of",
                "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  min_version: TLS10\n",
                "min_version TLS10 is not one of TLS12, TLS13",
                "basic_auth_users:\n  prometheus: not-a-hash\n", "basic_auth_users.prometheus is not a bcrypt hash",
                "basic_auth_users:\n", "basic_auth_users is given but empty",
                "tls_server_config: {}\n", "tls_server_config is given but empty",
                "http_server_config:\n  headers:\n    \"X-Frame\\r\\nSet-Cookie\": a\n",
                "'X-Frame\\r\\nSet-Cookie' is not an HTTP header name",
                "http_server_config:\n  headers:\n    X-Note: \"a\\nb\"\n",
                "http_server_config.headers.X-Note holds a character no response header may carry");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            Path file = Files.writeString(dir.resolve("web.yml"), bad.getKey());
            String message = assertRefused(Map.of("tom.web.config-file", file.toString()),
                    "TOM_WEB_CONFIG_FILE (tom.web.config-file) ");
            assertTrue(message.contains(bad.getValue()), bad.getValue() + " in: " + message);
        }
    }

    @Test
    void theMetricsTokenAndBasicAuthCannotBeCombined() throws IOException {
        Path file = Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  prometheus: "
                + "$2y$10$Kz1P0Mq8d7bK3X3lZ5oV1.1yQk3lJ0yq3bX1m9k7xVdZb4Jc3Hq7u\n");
        assertRefused(Map.of("tom.web.config-file", file.toString(), "tom.metrics.token", "secret-token"),
                "TOM_METRICS_TOKEN (tom.metrics.token) cannot be combined with the basic_auth_users");
    }

    /** Issue 21, item 8: a controller that only reads keeps no history, and the device limit's _other rows live in it. */
    @Test
    void aControllerWithoutTheHistoryTakesNoDeviceLimit() throws IOException {
        assertRefused(Map.of("tom.history.enabled", "false", "tom.metrics.device-limit", "100"),
                "TOM_METRICS_DEVICE_LIMIT (tom.metrics.device-limit) needs the job history");
        assertRefused(Map.of("tom.history.enabled", "no"), "must be true or false, got 'no'");
    }

    /** Issue 19, item 3: shards are numbered from 0, and a device limit ranks a whole fleet no shard sees. */
    @Test
    void aShardIsOneOfTheTotalAndTakesNoDeviceLimit() throws IOException {
        assertRefused(Map.of("tom.metrics.shard", "3", "tom.metrics.total-shards", "3"),
                "TOM_METRICS_SHARD (tom.metrics.shard) is 3 but TOM_METRICS_TOTAL_SHARDS (tom.metrics.total-shards) is 3:"
                        + " shards are numbered 0 to 2");
        assertRefused(Map.of("tom.metrics.shard", "-1"), "TOM_METRICS_SHARD (tom.metrics.shard)");
        assertRefused(Map.of("tom.metrics.total-shards", "0"), "TOM_METRICS_TOTAL_SHARDS (tom.metrics.total-shards)");
        assertRefused(Map.of("tom.metrics.total-shards", "4", "tom.metrics.device-limit", "100"),
                "TOM_METRICS_DEVICE_LIMIT (tom.metrics.device-limit) cannot be combined with TOM_METRICS_TOTAL_SHARDS");
    }

    @Test
    void redisTlsSettingsGoTogetherWithRediss() throws Exception {
        TestCertificates certificates = TestCertificates.make(Files.createDirectories(dir.resolve("pki")));
        assertRefused(Map.of("tom.redis.url", "redis://127.0.0.1:6390/0", "tom.redis.tls-ca",
                certificates.ca().toString()), "TOM_REDIS_URL must start with rediss://");
        assertRefused(Map.of("tom.redis.url", "rediss://127.0.0.1:6390/0", "tom.redis.tls-cert",
                certificates.clientCertificate().toString()),
                "TOM_REDIS_TLS_CERT and TOM_REDIS_TLS_KEY go together");
        assertRefused(Map.of("tom.redis.url", "rediss://127.0.0.1:6390/0",
                "tom.redis.tls-ca", dir.resolve("missing.pem").toString()), "which is not a readable file");
    }

    /** The message of the refusal, which must contain {@code expected}. */
    private static String assertRefused(Map<String, String> bad, String expected) throws IOException {
        Map<String, String> values = new HashMap<>(Map.of("tom.http.host", "127.0.0.1",
                "tom.http.port", String.valueOf(RedisServer.freePort())));
        values.putAll(bad);
        Properties bundled = bundled();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TomSettings.from(
                name -> Optional.ofNullable(values.getOrDefault(name, bundled.getProperty(name)))), bad::toString);
        String message = refused.getMessage();
        assertTrue(message.contains(expected), bad + ": expected '" + expected + "' in: " + message);
        return message;
    }

    private static Properties bundled() {
        Properties properties = new Properties();
        try (InputStream in = RefusedSettingsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
