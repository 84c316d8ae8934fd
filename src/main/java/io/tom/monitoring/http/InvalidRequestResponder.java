package io.tom.monitoring.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers requests the HTTP server could not even parse, in the API's error shape, and closes
 * their connection: a request line over the limit is 414, headers over it 431, anything else 400.
 */
final class InvalidRequestResponder implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidRequestResponder.class);

    @Override
    public void handle(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        ApiException error;
        if (cause instanceof TooLongHttpLineException) {
            error = new ApiException(414, "uri_too_long", "The request line is longer than the server accepts ("
                    + HttpServerShape.MAX_INITIAL_LINE_LENGTH + " bytes)");
        } else if (cause instanceof TooLongHttpHeaderException) {
            error = new ApiException(431, "request_header_fields_too_large", "The request headers are larger than the"
                    + " server accepts (" + HttpServerShape.MAX_HEADER_SIZE + " bytes)");
        } else {
            error = new ApiException(400, "bad_request", "The request could not be parsed as HTTP");
        }
        LOG.debug("Refused an unparseable request from {}: {}", request.remoteAddress(), cause == null ? "" : cause.toString());
        request.response().putHeader("Connection", "close");
        request.response().endHandler(done -> request.connection().close());
        ApiErrorResponder.respond(request.response(), error);
    }
}
