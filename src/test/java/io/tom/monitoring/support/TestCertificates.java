package io.tom.monitoring.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA made with openssl in a folder, with a server certificate for 127.0.0.1 and localhost
 * and a client certificate it signed: {@code ca.pem}, {@code server.pem}/{@code server.key},
 * {@code client.pem}/{@code client.key} (PKCS#8 EC keys), and {@code client.p12} for Java clients.
 */
public record TestCertificates(Path dir) {

    private static final char[] P12_PASSWORD = "test".toCharArray();

    public static TestCertificates make(Path dir) throws IOException, InterruptedException {
        String openssl = ExternalTool.find("openssl", "openssl");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        run(dir, openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=tom-test-ca-" + dir.getFileName());
        for (String who : new String[] {"server", "client"}) {
            run(dir, openssl, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", who + ".key", "-out", who + ".csr", "-subj", "/CN=" + who);
            run(dir, openssl, "x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", who + ".pem", "-days", "2", "-extfile", who + ".ext");
        }
        run(dir, openssl, "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                "-passout", "pass:" + new String(P12_PASSWORD));
        return new TestCertificates(dir);
    }

    public Path ca() {
        return dir.resolve("ca.pem");
    }

    public Path serverCertificate() {
        return dir.resolve("server.pem");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    public Path clientCertificate() {
        return dir.resolve("client.pem");
    }

    public Path clientKey() {
        return dir.resolve("client.key");
    }

    /** A TLS client presenting this folder's client certificate and trusting this folder's CA. */
    public SSLContext clientContext(String protocol) throws Exception {
        return clientContextTrusting(ca(), protocol);
    }

    /** A TLS client presenting this folder's client certificate and trusting the given CA. */
    public SSLContext clientContextTrusting(Path caPem, String protocol) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
            keys.load(in, P12_PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, P12_PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        ExternalTool.Result result = ExternalTool.run(dir, command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + result.output());
        }
    }
}
