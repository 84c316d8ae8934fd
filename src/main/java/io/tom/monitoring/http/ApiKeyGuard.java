package io.tom.monitoring.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Requires one of the configured keys ({@code TOM_API_KEYS}) in the {@code X-API-Key} header;
 * lets every request through when none is configured. Every key is compared, in constant time,
 * whatever matched, so neither a key nor its position can be learnt from timing. Keys are never
 * logged or echoed.
 */
public final class ApiKeyGuard implements Processor {

    public static final String HEADER = "X-API-Key";

    private final List<byte[]> keys;

    public ApiKeyGuard(List<String> keys) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void process(Exchange exchange) {
        check(exchange.getIn().getHeader(HEADER, String.class));
    }

    /** Passes when no key is configured or {@code presented} is one of the keys; else a 401. */
    public void check(String presented) {
        if (keys.isEmpty()) {
            return;
        }
        byte[] candidate = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (byte[] key : keys) {
            matched |= MessageDigest.isEqual(key, candidate);
        }
        if (!matched) {
            throw new ApiException(401, "unauthorized",
                    presented == null ? "This endpoint requires an API key in the X-API-Key header"
                            : "The API key is not valid",
                    Map.of("WWW-Authenticate", "ApiKey header=\"X-API-Key\""));
        }
    }
}
