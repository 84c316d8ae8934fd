package io.tom.monitoring.http;

import java.time.Duration;

/**
 * How long and how many: a connection must send a request's headers within {@code headerTimeout}
 * of opening or of its previous answer, and the request's body within {@code bodyTimeout} of its
 * headers; it is closed after {@code idleTimeout} with nothing sent or received, and no more than
 * {@code maxConnections} are open at once. A request body is at most {@code maxBodyBytes}, and the
 * bodies being read at once hold at most {@code maxBufferedBytes}.
 */
public record HttpLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections,
        long maxBodyBytes, long maxBufferedBytes) {

    public HttpLimits {
        if (headerTimeout.isZero() || bodyTimeout.isZero() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP timeouts must be positive");
        }
        if (maxBufferedBytes < maxBodyBytes) {
            throw new IllegalArgumentException("TOM_HTTP_MAX_BUFFERED_BODIES (" + maxBufferedBytes + " bytes) must be at"
                    + " least TOM_HTTP_MAX_BODY_SIZE (" + maxBodyBytes + " bytes): it holds whole bodies");
        }
    }
}
