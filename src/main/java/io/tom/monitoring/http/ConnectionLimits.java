package io.tom.monitoring.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.tom.monitoring.logging.OncePerInterval;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection cap and the read timeouts of {@link HttpLimits}: a connection over the cap is
 * closed as it opens; a connection that has not completed a request's headers within the header
 * timeout of opening (or of its previous answer), or its body within the body timeout of its
 * headers, is closed, so half-sent requests do not hold sockets however slowly they trickle. The
 * HTTP server reports connections ({@link #opened}); the routers report requests
 * ({@link #requestArrived}).
 */
public final class ConnectionLimits {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);

    private final Vertx vertx;
    private final HttpLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<HttpConnection, Long> awaitingHeaders = new ConcurrentHashMap<>();
    private final OncePerInterval warnings = OncePerInterval.perMinute();

    public ConnectionLimits(Vertx vertx, HttpLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    public int open() {
        return open.get();
    }

    void opened(HttpConnection connection) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            if (warnings.due("cap")) {
                LOG.warn("Refusing connections from {} and others: {} connections are open, the most TOM_HTTP_MAX_CONNECTIONS"
                        + " allows (logged once a minute)", connection.remoteAddress(), limits.maxConnections());
            }
            connection.close();
            return;
        }
        connection.closeHandler(closed -> {
            open.decrementAndGet();
            Long timer = awaitingHeaders.remove(connection);
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
        });
        awaitHeaders(connection);
    }

    /** First on every router: the request's headers are in; the clock restarts when it is answered. */
    public Handler<RoutingContext> requestArrived() {
        return context -> {
            HttpConnection connection = context.request().connection();
            Long timer = awaitingHeaders.remove(connection);
            if (timer != null) {
                vertx.cancelTimer(timer);
                context.addEndHandler(answered -> awaitHeaders(connection));
            }
            if (!context.request().isEnded()) {
                awaitBody(context);
            }
            if (context.request().version() == HttpVersion.HTTP_1_0) {
                closeUnlessSized(context);
            }
            context.next();
        };
    }

    /**
     * An HTTP/1.0 client can only tell where an answer ends from its length or the connection's
     * close: an answer streamed without a length (chunked encoding is HTTP/1.1's) says
     * {@code Connection: close} and closes, rather than promise a keep-alive the client cannot use.
     */
    private static void closeUnlessSized(RoutingContext context) {
        context.addHeadersEndHandler(headers -> {
            if (!context.response().headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
                context.addEndHandler(answered -> context.request().connection().close());
            }
        });
    }

    /** Closes the connection when the request's body is not in within the body timeout. */
    private void awaitBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        long timeout = limits.bodyTimeout().toMillis();
        long id = vertx.setTimer(timeout, fired -> {
            if (!request.isEnded()) {
                if (warnings.due("body")) {
                    LOG.warn("Closing the connection from {} and others whose request body did not arrive within {} ms"
                            + " of its headers (TOM_HTTP_BODY_TIMEOUT; logged once a minute)", request.remoteAddress(),
                            timeout);
                }
                request.connection().close();
            }
        });
        context.addEndHandler(answered -> vertx.cancelTimer(id));
    }

    private void awaitHeaders(HttpConnection connection) {
        long timeout = limits.headerTimeout().toMillis();
        long[] id = new long[1];
        id[0] = vertx.setTimer(timeout, fired -> {
            if (awaitingHeaders.remove(connection, id[0])) {
                LOG.debug("Closing the connection from {}: no complete request headers within {} ms",
                        connection.remoteAddress(), timeout);
                connection.close();
            }
        });
        awaitingHeaders.put(connection, id[0]);
    }
}
