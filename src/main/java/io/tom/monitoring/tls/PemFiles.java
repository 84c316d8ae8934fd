package io.tom.monitoring.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key material from PEM files as openssl writes them: a certificate chain with its PKCS#8 key
 * (what a server or a client presents), and a bundle of CA certificates (what it trusts). Every
 * complaint names the file and says how to fix it.
 */
public final class PemFiles {

    /** The alias of the key and its chain in {@link #keyManagers}. */
    public static final String KEY_ALIAS = "tom";
    private static final char[] IN_MEMORY = "tom-monitoring".toCharArray();

    private PemFiles() {
    }

    /** The certificate (its chain after it) and its key, as key managers. */
    public static KeyManagerFactory keyManagers(Path certificate, Path key) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, privateKey(key), IN_MEMORY, certificates(certificate).toArray(Certificate[]::new));
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(store, IN_MEMORY);
            return managers;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(describe(e));
        }
    }

    /** Every certificate of the bundle as a trusted authority. */
    public static TrustManagerFactory trustManagers(Path authorities) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (Certificate authority : certificates(authorities)) {
                store.setCertificateEntry("ca-" + n++, authority);
            }
            TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            managers.init(store);
            return managers;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(describe(e));
        }
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        List<Certificate> certificates;
        try {
            certificates = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem))));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException(pem + " holds no readable PEM certificate: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(pem + " holds no PEM certificate");
        }
        return certificates;
    }

    /** A PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}), EC, RSA or Ed25519. */
    private static PrivateKey privateKey(Path pem) throws IOException {
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

    private static String describe(Exception e) {
        return e instanceof NoSuchFileException ? "no such file: " + e.getMessage() : e.getMessage();
    }
}
