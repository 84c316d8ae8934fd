package io.tom.monitoring.http;

import java.util.Map;

/**
 * A request that cannot be answered as asked, carrying the HTTP status and the {@code error} and
 * {@code detail} of the JSON error body. Thrown by processors; turned into a response once, by
 * {@link ApiErrorResponder}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, String> headers;

    public ApiException(int status, String error, String detail) {
        this(status, error, detail, Map.of());
    }

    public ApiException(int status, String error, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    /** Extra response headers, such as {@code WWW-Authenticate} on a 401. */
    public Map<String, String> headers() {
        return headers;
    }
}
