package io.tom.monitoring.http;

import java.util.concurrent.TimeUnit;

import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * What the controller sets on every HTTP server Camel starts, which Camel's own settings do not
 * reach: the web configuration's TLS (client certificates, minimum version), the idle timeout,
 * the request size limits, and the handlers for connections and unparseable requests.
 */
public final class HttpServerShape {

    /** Vert.x's defaults, named here for the error messages that quote them. */
    static final int MAX_INITIAL_LINE_LENGTH = HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH;
    static final int MAX_HEADER_SIZE = HttpServerOptions.DEFAULT_MAX_HEADER_SIZE;

    private final TlsServerConfig tls;
    private final HttpLimits limits;
    private final ConnectionLimits connections;

    /** @param tls null for plain HTTP */
    public HttpServerShape(TlsServerConfig tls, HttpLimits limits, ConnectionLimits connections) {
        this.tls = tls;
        this.limits = limits;
        this.connections = connections;
    }

    void shapeOptions(HttpServerOptions options) {
        if (tls != null) {
            tls.applyTo(options);
        }
        // without h2c, Vert.x sees the connection as it opens, not once a first request is complete
        options.setHttp2ClearTextEnabled(false)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(Math.toIntExact(limits.idleTimeout().toMillis()))
                .setMaxInitialLineLength(MAX_INITIAL_LINE_LENGTH)
                .setMaxHeaderSize(MAX_HEADER_SIZE);
    }

    void shapeServer(HttpServer server) {
        server.connectionHandler(connections::opened);
        server.invalidRequestHandler(new InvalidRequestResponder());
    }
}
