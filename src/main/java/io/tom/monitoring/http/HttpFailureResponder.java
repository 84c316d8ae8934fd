package io.tom.monitoring.http;

import java.util.Locale;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers requests that failed in the HTTP server before or outside any route, such as a URL that
 * is not validly percent-encoded, in the API's error shape. A client's mistake is logged at debug,
 * not as an error with a stack trace; a failure of the server itself is logged in full.
 */
public final class HttpFailureResponder implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFailureResponder.class);

    /** The statuses the HTTP server fails requests with on its own. */
    static final int[] STATUSES = {400, 404, 413, 500};
    private static final io.tom.monitoring.logging.OncePerInterval UNEXPECTED =
            io.tom.monitoring.logging.OncePerInterval.perMinute();

    private final int status;

    /** @param status the status this responder is registered for: Vert.x does not always put it on the context */
    public HttpFailureResponder(int status) {
        this.status = status;
    }

    @Override
    public void handle(RoutingContext context) {
        // the raw path: a path that cannot be decoded is one of the reasons to be here
        String request = context.request().method().name() + " " + context.request().path();
        ApiException error;
        if (status >= 500) {
            ApiErrorResponder.logUnexpected(LOG, UNEXPECTED, context.failure(), "serving " + request);
            error = new ApiException(500, "internal_error", "Unexpected server error; see the controller log");
        } else if (status == 413) {
            // a chunked body, which declares no length, cut by the body handler while it was read
            LOG.debug("Refused {}: body over TOM_HTTP_MAX_BODY_SIZE", request);
            error = new ApiException(413, "content_too_large", "The request body is larger than the most this server"
                    + " reads (TOM_HTTP_MAX_BODY_SIZE)");
        } else if (status == 404 && !context.request().path().startsWith("/")) {
            // the top router matches paths only: "*" (asterisk-form) or another target that is not one
            LOG.debug("Refused {}: not a path", request);
            error = new ApiException(400, "bad_request", "The request target must be a path starting with /, got '"
                    + context.request().path() + "'");
        } else if (status == 404) {
            error = UnmatchedRequestResponder.notFound(context.request().path());
        } else {
            LOG.debug("Refused {}: {}", request, context.failure() == null ? status : context.failure().toString());
            error = new ApiException(status, reason(status), detail(status, context.failure()));
        }
        if (!context.response().ended() && !context.response().headWritten()) {
            ApiErrorResponder.respond(context.response(), error);
        }
    }

    /** {@code bad_request}: the status's reason phrase. */
    private static String reason(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    private static String detail(int status, Throwable failure) {
        if (status == 400) {
            Throwable cause = failure != null && failure.getCause() != null ? failure.getCause() : failure;
            return "The request could not be read (for example a URL that is not validly percent-encoded)"
                    + (cause instanceof IllegalArgumentException ? ": " + cause.getMessage() : "");
        }
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
