package io.tom.monitoring.http;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.tom.monitoring.tls.PemFiles;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;

/**
 * The web configuration's {@code tls_server_config}, applied to the HTTP server's options: the
 * server's certificate, which client certificates it asks for and how it checks them, and the
 * oldest TLS version it speaks.
 */
public record TlsServerConfig(KeyManagerFactory keys, ClientAuth clientAuth, TrustOptions clientTrust,
        Set<String> protocols) {

    /** exporter-toolkit's client_auth_type values: what is asked for, and whether the CA must have signed it. */
    private enum ClientCertificates {
        NoClientCert(ClientAuth.NONE, false),
        RequestClientCert(ClientAuth.REQUEST, false),
        RequireAnyClientCert(ClientAuth.REQUIRED, false),
        VerifyClientCertIfGiven(ClientAuth.REQUEST, true),
        RequireAndVerifyClientCert(ClientAuth.REQUIRED, true);

        final ClientAuth asked;
        final boolean verified;

        ClientCertificates(ClientAuth asked, boolean verified) {
            this.asked = asked;
            this.verified = verified;
        }
    }

    /** The alias of the server's key and certificate chain among {@link #keys}. */
    public static final String KEY_ALIAS = PemFiles.KEY_ALIAS;

    private static final Map<String, Set<String>> MIN_VERSIONS = Map.of(
            "TLS12", Set.of("TLSv1.2", "TLSv1.3"),
            "TLS13", Set.of("TLSv1.3"));

    /**
     * @param clientAuthType exporter-toolkit's name, null for NoClientCert
     * @param clientCaFile the authorities client certificates must chain to, or null
     * @param minVersion TLS12 or TLS13, null for TLS12
     */
    static TlsServerConfig of(Path certFile, Path keyFile, String clientAuthType, Path clientCaFile, String minVersion) {
        ClientCertificates clients;
        try {
            clients = clientAuthType == null ? ClientCertificates.NoClientCert
                    : ClientCertificates.valueOf(clientAuthType);
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("tls_server_config.client_auth_type " + clientAuthType
                    + " is not one of " + java.util.Arrays.toString(ClientCertificates.values()));
        }
        Set<String> protocols = MIN_VERSIONS.get(minVersion == null ? "TLS12" : minVersion);
        if (protocols == null) {
            throw new IllegalArgumentException("tls_server_config.min_version " + minVersion + " is not one of"
                    + " TLS12, TLS13 (older versions are disabled by the JVM)");
        }
        if (clients.verified && clientCaFile == null) {
            throw new IllegalArgumentException("tls_server_config.client_auth_type " + clientAuthType
                    + " needs client_ca_file, the authorities client certificates must chain to");
        }
        if (clientCaFile != null && !clients.verified) {
            throw new IllegalArgumentException("tls_server_config.client_ca_file is set but client_auth_type is "
                    + clients + ", which does not check client certificates against it; use"
                    + " RequireAndVerifyClientCert or VerifyClientCertIfGiven");
        }
        KeyManagerFactory keys = PemFiles.keyManagers(certFile, keyFile);
        TrustOptions trust = null;
        if (clients.verified) {
            TrustManagerFactory authorities = PemFiles.trustManagers(clientCaFile);
            trust = TrustOptions.wrap(authorities);
        } else if (clients.asked != ClientAuth.NONE) {
            trust = TrustOptions.wrap(ANY_CLIENT_CERTIFICATE);
        }
        return new TlsServerConfig(keys, clients.asked, trust, protocols);
    }

    void applyTo(HttpServerOptions options) {
        options.setSsl(true)
                .setKeyCertOptions(KeyCertOptions.wrap(keys))
                .setClientAuth(clientAuth)
                .setEnabledSecureTransportProtocols(protocols);
        if (clientTrust != null) {
            options.setTrustOptions(clientTrust);
        }
    }

    /** RequestClientCert and RequireAnyClientCert: a certificate is asked for, whoever signed it. */
    private static final TrustManager ANY_CLIENT_CERTIFICATE = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // accepted as exporter-toolkit does for these two policies: presence is what they ask for
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a server-side trust manager");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
