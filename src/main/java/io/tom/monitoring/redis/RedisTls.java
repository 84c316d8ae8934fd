package io.tom.monitoring.redis;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import io.tom.monitoring.tls.PemFiles;

/**
 * TLS to Redis ({@code rediss://}) beyond the JVM's defaults: the private CA that signed Redis's
 * certificate ({@code TOM_REDIS_TLS_CA}) and the client certificate Redis asks for when it runs
 * with {@code tls-auth-clients} ({@code TOM_REDIS_TLS_CERT}, {@code TOM_REDIS_TLS_KEY}), all PEM.
 * Redis's certificate must name the host the controller connects to.
 */
public record RedisTls(Optional<Path> ca, Optional<Path> certificate, Optional<Path> key) {

    public static RedisTls none() {
        return new RedisTls(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public RedisTls {
        if (certificate.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("TOM_REDIS_TLS_CERT and TOM_REDIS_TLS_KEY go together: the client"
                    + " certificate and its PKCS#8 key");
        }
    }

    public boolean configured() {
        return ca.isPresent() || certificate.isPresent();
    }

    /** The socket factory for Jedis, or null for the JVM's default TLS. Reads the files now, so a bad one stops startup. */
    public SSLSocketFactory socketFactory() {
        if (!configured()) {
            return null;
        }
        KeyManager[] keys = certificate.map(cert -> PemFiles.keyManagers(cert, key.get()).getKeyManagers()).orElse(null);
        TrustManager[] trust = ca.map(authorities -> PemFiles.trustManagers(authorities).getTrustManagers()).orElse(null);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS to Redis: " + e.getMessage());
        }
    }

    /** Host name verification of Redis's certificate, as HTTPS does it. */
    public static SSLParameters verifyingHostName() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }
}
