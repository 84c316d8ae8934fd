package io.tom.monitoring.http;

import java.time.Duration;

/**
 * How long and how many: a connection must send a request's headers within {@code headerTimeout}
 * of opening or of its previous answer, is closed after {@code idleTimeout} with nothing sent or
 * received, and no more than {@code maxConnections} are open at once.
 */
public record HttpLimits(Duration headerTimeout, Duration idleTimeout, int maxConnections) {

    public HttpLimits {
        if (headerTimeout.isZero() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP timeouts must be positive");
        }
    }
}
