package io.tom.monitoring.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The Prometheus exporter-toolkit web configuration file ({@code TOM_WEB_CONFIG_FILE}), as every
 * standard exporter accepts it: {@code tls_server_config} (PEM {@code cert_file} and
 * {@code key_file}; {@code min_version} TLS12; client certificates not yet),
 * {@code basic_auth_users} (user: bcrypt hash) and {@code http_server_config.headers}. Files are
 * resolved against the configuration file's folder. Any key it does not know, or a value it cannot
 * use, is refused with the reason.
 */
public record WebConfig(SSLContextParameters tls, Map<String, String> basicAuthUsers, Map<String, String> headers) {

    private static final Set<String> TOP = Set.of("tls_server_config", "basic_auth_users", "http_server_config");
    private static final Set<String> TLS = Set.of("cert_file", "key_file", "client_auth_type", "client_ca_file",
            "min_version");
    private static final Set<String> SERVER = Set.of("headers");
    private static final char[] KEY_PASSWORD = "tom-monitoring".toCharArray();

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
        SSLContextParameters ssl = tls.isMissingNode() || tls.isNull() ? null : tls(tls, dir);
        Map<String, String> users = strings(root.path("basic_auth_users"), "basic_auth_users");
        users.forEach((user, hash) -> {
            if (!hash.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw new IllegalArgumentException("basic_auth_users." + user + " is not a bcrypt hash");
            }
        });
        JsonNode server = root.path("http_server_config");
        if (!server.isMissingNode() && !server.isNull()) {
            known(server, SERVER, "http_server_config.");
        }
        return new WebConfig(ssl, Map.copyOf(users), Map.copyOf(strings(server.path("headers"),
                "http_server_config.headers")));
    }

    private static SSLContextParameters tls(JsonNode tls, Path dir) {
        known(tls, TLS, "tls_server_config.");
        String cert = text(tls, "cert_file");
        String key = text(tls, "key_file");
        if (cert == null || key == null) {
            throw new IllegalArgumentException("tls_server_config needs cert_file and key_file");
        }
        // the HTTP server (Vert.x under Camel) takes the key material from these parameters, not
        // their client-authentication or protocol settings: refuse what would not be enforced
        String clientAuth = text(tls, "client_auth_type");
        if (clientAuth != null && !clientAuth.equals("NoClientCert")) {
            throw new IllegalArgumentException("tls_server_config.client_auth_type " + clientAuth + " is not"
                    + " supported yet (client certificates would not be enforced); use NoClientCert, or terminate"
                    + " TLS with client certificates in a proxy in front of the controller");
        }
        if (text(tls, "client_ca_file") != null) {
            throw new IllegalArgumentException("tls_server_config.client_ca_file is not supported yet (see"
                    + " client_auth_type)");
        }
        String minVersion = text(tls, "min_version");
        if (minVersion != null && !minVersion.equals("TLS12")) {
            throw new IllegalArgumentException("tls_server_config.min_version " + minVersion + " is not supported"
                    + " yet; TLS12 (the default: TLS 1.2 and 1.3, never older) is");
        }
        SSLContextParameters ssl = new SSLContextParameters();
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            List<Certificate> chain = certificates(dir.resolve(cert));
            keys.setKeyEntry("tom", privateKey(dir.resolve(key)), KEY_PASSWORD, chain.toArray(Certificate[]::new));
            KeyStoreParameters keyStore = new KeyStoreParameters();
            keyStore.setKeyStore(keys);
            KeyManagersParameters managers = new KeyManagersParameters();
            managers.setKeyStore(keyStore);
            managers.setKeyPassword(new String(KEY_PASSWORD));
            ssl.setKeyManagers(managers);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("tls_server_config: " + e.getMessage());
        }
        return ssl;
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        List<Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem))));
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(pem + " holds no PEM certificate");
        }
        return certificates;
    }

    /** A PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}), RSA or EC, as openssl writes them today. */
    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException(pem + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with"
                    + " openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // next
            }
        }
        throw new IllegalArgumentException(pem + " holds no EC, RSA or Ed25519 private key");
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
