package io.tom.monitoring.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tom.monitoring.logging.OncePerInterval;
import io.tom.monitoring.metrics.ScrapeBusyException;
import io.tom.monitoring.redis.RedisRefusal;
import io.tom.monitoring.redis.RedisRefusalLog;
import io.tom.monitoring.writer.InvalidJobException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single error contract of the HTTP surface: every failure becomes
 * {@code {"error": ..., "detail": ...}} with its status. Redis being unreachable is a 503;
 * anything unexpected is a 500 whose details go to the log, never into the response.
 */
public final class ApiErrorResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorResponder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OncePerInterval UNEXPECTED = OncePerInterval.perMinute();

    private final RedisRefusalLog refusals;

    public ApiErrorResponder(RedisRefusalLog refusals) {
        this.refusals = refusals;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException error = toApiException(failure, exchange);
        Message response = exchange.getMessage();
        response.removeHeaders("*");
        error.headers().forEach(response::setHeader);
        response.setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        response.setHeader(Exchange.CONTENT_TYPE, "application/json");
        response.setBody(body(error));
    }

    /** The same contract for requests answered before or after every route, at the HTTP server itself. */
    static void respond(HttpServerResponse response, ApiException error) {
        byte[] body;
        try {
            body = body(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(error.status()).putHeader("Content-Type", "application/json");
        error.headers().forEach(response::putHeader);
        response.end(Buffer.buffer(body));
    }

    static byte[] body(ApiException error) throws JsonProcessingException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.error());
        body.put("detail", error.detail());
        return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    }

    private ApiException toApiException(Throwable failure, Exchange exchange) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof ScrapeBusyException busy) {
            return new ApiException(503, "busy", busy.getMessage(), Map.of("Retry-After", "1"));
        }
        if (failure instanceof InvalidJobException invalid) {
            return ApiException.badRequest(invalid.getMessage());
        }
        Optional<RedisRefusal> refusal = RedisRefusal.of(failure);
        if (refusal.isPresent() && refusal.get() == RedisRefusal.POOL) {
            refusals.met(refusal.get(), failure, "serving " + path(exchange));
            return new ApiException(503, "busy", refusal.get().detail() + "; retry later", Map.of("Retry-After", "1"));
        }
        if (refusal.isPresent()) {
            refusals.met(refusal.get(), failure, "serving " + path(exchange));
            return new ApiException(503, "redis_unavailable", refusal.get().detail() + "; retry later",
                    Map.of("Retry-After", "5"));
        }
        logUnexpected(LOG, UNEXPECTED, failure, "serving " + path(exchange));
        return new ApiException(500, "internal_error", "Unexpected server error; see the controller log");
    }

    /**
     * An unexpected failure, with its stack trace, once a minute per kind of failure (its class):
     * one fault met by every request, or an OutOfMemoryError, fills a line a minute, not the disk;
     * each line says how many of that kind went unlogged since the last.
     */
    static void logUnexpected(Logger log, OncePerInterval due, Throwable failure, String while_) {
        String kind = failure == null ? "unknown" : failure.getClass().getName();
        if (due.due(kind)) {
            long unlogged = due.skippedSinceLast(kind);
            log.error("Unexpected failure while {} ({} more of this kind unlogged since the last line; logged once a"
                    + " minute)", while_, unlogged, failure);
        } else {
            log.debug("Unexpected failure while {}: {}", while_, String.valueOf(failure));
        }
    }

    private static String path(Exchange exchange) {
        return exchange.getIn().getHeader(Exchange.HTTP_PATH, "", String.class);
    }
}
