package io.tom.monitoring.http;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.tom.monitoring.logging.OncePerInterval;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, from a request's headers alone and before any byte of its body is read, whether the
 * body may be read into memory: first on every router, ahead of authentication, because Camel's
 * body handler buffers a body whole before a route (and so its token check) runs.
 *
 * <ul>
 *   <li>GET and HEAD take no body: one that declares any is answered 413 at once.</li>
 *   <li>Any other body is at most {@code maxBodyBytes} (Camel's body handler is held to the same
 *       limit for bodies sent chunked, whose size is not declared).</li>
 *   <li>All bodies being read at once hold at most {@code maxBufferedBytes}: each request reserves
 *       its declared length (chunked ones the largest body allowed) until it is answered or its
 *       connection closes; one that does not fit is answered 503 at once.</li>
 * </ul>
 * A refused request's connection is closed after the answer, so its unread body is never read.
 */
public final class RequestBodyLimits implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyLimits.class);

    private final long maxBodyBytes;
    private final long maxBufferedBytes;
    private final AtomicLong reserved = new AtomicLong();
    private final OncePerInterval warnings = OncePerInterval.perMinute();

    public RequestBodyLimits(HttpLimits limits) {
        this.maxBodyBytes = limits.maxBodyBytes();
        this.maxBufferedBytes = limits.maxBufferedBytes();
    }

    /** Bytes of request bodies reserved by requests not yet answered. */
    public long reservedBytes() {
        return reserved.get();
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        long declared;
        try {
            declared = declaredBodyBytes(request);
        } catch (NumberFormatException e) {
            refuse(context, ApiException.badRequest("Content-Length is not a number of bytes"));
            return;
        }
        if (declared == 0) {
            context.next();
            return;
        }
        HttpMethod method = request.method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            refuse(context, new ApiException(413, "content_too_large", method.name()
                    + " requests take no body here; send it without one"));
            return;
        }
        if (declared > maxBodyBytes) {
            refuse(context, new ApiException(413, "content_too_large", "The request body is " + declared
                    + " bytes; the most this server reads is " + maxBodyBytes + " (TOM_HTTP_MAX_BODY_SIZE)"));
            return;
        }
        long size = declared < 0 ? maxBodyBytes : declared;
        if (!reserve(size)) {
            if (warnings.due("buffered")) {
                LOG.warn("Refusing request bodies from {} and others: bodies being read already hold {} of the {} bytes"
                        + " TOM_HTTP_MAX_BUFFERED_BODIES allows (logged once a minute)", request.remoteAddress(),
                        reserved.get(), maxBufferedBytes);
            }
            refuse(context, new ApiException(503, "busy", "The server is reading as many request bodies as it holds"
                    + " at once; retry later", Map.of("Retry-After", "1")));
            return;
        }
        context.addEndHandler(ended -> reserved.addAndGet(-size));
        context.next();
    }

    private boolean reserve(long size) {
        while (true) {
            long now = reserved.get();
            if (now + size > maxBufferedBytes) {
                return false;
            }
            if (reserved.compareAndSet(now, now + size)) {
                return true;
            }
        }
    }

    /** The declared length; -1 for a chunked body (size unknown), 0 for none. */
    private static long declaredBodyBytes(HttpServerRequest request) {
        if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return -1;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length == null ? 0 : Long.parseLong(length.trim());
    }

    private static void refuse(RoutingContext context, ApiException error) {
        HttpServerRequest request = context.request();
        LOG.debug("Refused {} {} from {}: {}", request.method(), request.path(), request.remoteAddress(),
                error.detail());
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
        request.response().endHandler(done -> request.connection().close());
        ApiErrorResponder.respond(request.response(), error);
    }
}
