package io.tom.monitoring.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Requires {@code Authorization: Bearer <token>} when a token is configured
 * ({@code TOM_METRICS_TOKEN}); lets every request through when it is empty. The comparison takes
 * the same time whatever the presented value, so the token cannot be guessed byte by byte.
 */
public final class BearerTokenGuard implements Processor {

    private static final String PREFIX = "Bearer ";

    private final byte[] expected;

    public BearerTokenGuard(String token) {
        this.expected = token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void process(Exchange exchange) {
        if (expected == null) {
            return;
        }
        String authorization = exchange.getIn().getHeader("Authorization", String.class);
        byte[] presented = authorization != null && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? authorization.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (!MessageDigest.isEqual(expected, presented)) {
            throw new ApiException(401, "unauthorized",
                    authorization == null ? "This endpoint requires Authorization: Bearer <token>"
                            : "The bearer token is not valid",
                    Map.of("WWW-Authenticate", "Bearer realm=\"tom-monitoring\""));
        }
    }
}
