package io.tom.monitoring.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The Prometheus exporter-toolkit web configuration file ({@code TOM_WEB_CONFIG_FILE}), as every
 * standard exporter accepts it: {@code tls_server_config} (PEM {@code cert_file} and
 * {@code key_file}, {@code client_auth_type} with {@code client_ca_file}, {@code min_version}
 * TLS12 or TLS13; see {@link TlsServerConfig}),
 * {@code basic_auth_users} (user: bcrypt hash) and {@code http_server_config.headers}. Files are
 * resolved against the configuration file's folder. Any key it does not know, or a value it cannot
 * use, is refused with the reason.
 */
public record WebConfig(TlsServerConfig tls, Map<String, String> basicAuthUsers, Map<String, String> headers) {

    private static final Set<String> TOP = Set.of("tls_server_config", "basic_auth_users", "http_server_config");
    private static final Set<String> TLS = Set.of("cert_file", "key_file", "client_auth_type", "client_ca_file",
            "min_version");
    private static final Set<String> SERVER = Set.of("headers");

    public static WebConfig none() {
        return new WebConfig(null, Map.of(), Map.of());
    }

    /** The file's configuration; a complaint names what is wrong in it. */
    public static WebConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read as YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isNull()) {
            return none();
        }
        known(root, TOP, "");
        Path dir = file.toAbsolutePath().getParent();
        JsonNode tls = root.path("tls_server_config");
        notEmptyWhenGiven(tls, "tls_server_config", "cert_file and key_file");
        TlsServerConfig ssl = tls.isMissingNode() ? null : tls(tls, dir);
        JsonNode basicAuth = root.path("basic_auth_users");
        notEmptyWhenGiven(basicAuth, "basic_auth_users", "user: bcrypt-hash pairs");
        Map<String, String> users = strings(basicAuth, "basic_auth_users");
        users.forEach((user, hash) -> {
            if (!hash.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw new IllegalArgumentException("basic_auth_users." + user + " is not a bcrypt hash");
            }
        });
        JsonNode server = root.path("http_server_config");
        if (!server.isMissingNode() && !server.isNull()) {
            known(server, SERVER, "http_server_config.");
        }
        Map<String, String> headers = strings(server.path("headers"), "http_server_config.headers");
        headers.forEach(WebConfig::checkHeader);
        return new WebConfig(ssl, Map.copyOf(users), Map.copyOf(headers));
    }

    /**
     * A key given without a value would switch its protection off without a word (in YAML,
     * {@code basic_auth_users:} alone is null): refused, so a file that looks protected is.
     */
    private static void notEmptyWhenGiven(JsonNode node, String key, String expected) {
        if (node.isNull() || (node.isObject() && node.isEmpty())) {
            throw new IllegalArgumentException(key + " is given but empty: list its " + expected
                    + ", or remove the key");
        }
    }

    /** A header every response carries must be one a client can parse, or every request fails. */
    private static void checkHeader(String name, String value) {
        if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("http_server_config.headers: '" + printable(name)
                    + "' is not an HTTP header name (letters, digits and !#$%&'*+.^_`|~- only)");
        }
        if (!value.matches("[\\t\\x20-\\x7e\\x80-\\xff]*")) {
            throw new IllegalArgumentException("http_server_config.headers." + name
                    + " holds a character no response header may carry (a line break or another control"
                    + " character, or one outside Latin-1)");
        }
    }

    private static String printable(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static TlsServerConfig tls(JsonNode tls, Path dir) {
        known(tls, TLS, "tls_server_config.");
        String cert = text(tls, "cert_file");
        String key = text(tls, "key_file");
        if (cert == null || key == null) {
            throw new IllegalArgumentException("tls_server_config needs cert_file and key_file");
        }
        String clientCa = text(tls, "client_ca_file");
        try {
            return TlsServerConfig.of(dir.resolve(cert), dir.resolve(key), text(tls, "client_auth_type"),
                    clientCa == null ? null : dir.resolve(clientCa), text(tls, "min_version"));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("tls_server_config") ? e
                    : new IllegalArgumentException("tls_server_config: " + e.getMessage());
        }
    }

    private static void known(JsonNode node, Set<String> keys, String prefix) {
        if (!node.isObject()) {
            throw new IllegalArgumentException((prefix.isEmpty() ? "the file" : prefix) + " must be a mapping");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw new IllegalArgumentException("unknown key " + prefix + name + " (known: " + keys + ")");
            }
        }
    }

    private static Map<String, String> strings(JsonNode node, String where) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
