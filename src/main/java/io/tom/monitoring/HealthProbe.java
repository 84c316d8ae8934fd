package io.tom.monitoring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;

import io.tom.monitoring.config.TomSettings;
import io.tom.monitoring.http.TlsServerConfig;
import io.tom.monitoring.http.WebConfig;

/**
 * The container's HEALTHCHECK: {@code java -cp tom-monitoring.jar io.tom.monitoring.HealthProbe}
 * exits 0 when the controller's liveness check answers 200, 1 otherwise. It needs no curl or wget
 * in the image. With a web configuration ({@code TOM_WEB_CONFIG_FILE}) it speaks HTTPS to the
 * loopback port, trusting exactly the certificate the controller serves and presenting it as its
 * client certificate when one is asked for; with basic auth users, whose passwords it does not
 * know, the server's 401 counts as alive.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(probe(args[0]));
        }
        int port;
        WebConfig web;
        try {
            TomSettings.Source environment = TomSettings.environment();
            port = TomSettings.httpPort(environment);
            String file = environment.property("tom.web.config-file").orElse("").trim();
            web = file.isEmpty() ? WebConfig.none() : WebConfig.read(Path.of(file));
        } catch (IllegalArgumentException e) {
            System.err.println("unhealthy: " + e.getMessage());
            System.exit(1);
            return;
        }
        String scheme = web.tls() == null ? "http" : "https";
        System.exit(probe(scheme + "://127.0.0.1:" + port + "/observe/health/live", web));
    }

    static int probe(String url) {
        return probe(url, WebConfig.none());
    }

    static int probe(String url, WebConfig web) {
        try {
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
            if (web.tls() != null) {
                client.sslContext(ownCertificate(web.tls()));
            }
            HttpResponse<String> response = client.build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 || (response.statusCode() == 401 && !web.basicAuthUsers().isEmpty())) {
                return 0;
            }
            System.err.println("unhealthy: " + url + " answered " + response.statusCode() + " " + response.body());
        } catch (Exception e) {
            System.err.println("unhealthy: " + url + " did not answer: " + e);
        }
        return 1;
    }

    /** Trusts the certificate the controller serves, and presents it (with its key) as a client certificate. */
    private static SSLContext ownCertificate(TlsServerConfig tls) throws Exception {
        // the probe talks to 127.0.0.1, which the certificate need not name
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        KeyManager[] keys = tls.keys().getKeyManagers();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (KeyManager manager : keys) {
            if (manager instanceof X509KeyManager x509) {
                X509Certificate[] chain = x509.getCertificateChain(TlsServerConfig.KEY_ALIAS);
                if (chain != null && chain.length > 0) {
                    trust.setCertificateEntry("controller", chain[0]);
                }
            }
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trustManagers.getTrustManagers(), null);
        return context;
    }
}
