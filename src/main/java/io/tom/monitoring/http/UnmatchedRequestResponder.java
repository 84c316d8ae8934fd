package io.tom.monitoring.http;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;

/**
 * Answers the requests no route took, in the API's error shape rather than Vert.x's HTML page:
 * 406 or 415 when a route serves this path and method but not the media type asked for or sent,
 * 405 with an {@code Allow} header when routes serve the path under other methods, 404 otherwise.
 *
 * <p>Installed as the last Vert.x route of the HTTP server, so it never shadows a route, including
 * one an integration team adds later. Vert.x's own answers cannot be used: Camel mounts its routes
 * on a sub-router, and what matched is lost on the way back to the parent (its 405 carries an
 * empty {@code Allow}), so this reads Camel's list of its HTTP endpoints instead.
 */
public final class UnmatchedRequestResponder implements Handler<RoutingContext> {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{[^}/]+}");

    private final Supplier<Collection<ServedPath>> servedPaths;

    /** @param servedPaths what the routes serve, read on each unmatched request as routes come and go */
    public UnmatchedRequestResponder(Supplier<Collection<ServedPath>> servedPaths) {
        this.servedPaths = servedPaths;
    }

    /**
     * A path template routes serve, such as {@code /api/monitoring/device_stats/{device}}, with its
     * methods and media types (null when any); {@code withSubPaths} when paths below it are served too.
     */
    public record ServedPath(String template, boolean withSubPaths, String methods, String produces,
            String consumes) {

        public static ServedPath of(HttpEndpointModel endpoint, boolean withSubPaths) {
            String uri = endpoint.getUri();
            boolean prefix = uri.endsWith("*");
            return new ServedPath(prefix ? uri.substring(0, uri.length() - 1) : uri, prefix || withSubPaths,
                    endpoint.getVerbs(), endpoint.getProduces(), endpoint.getConsumes());
        }

        /** How this template covers {@code path}. */
        Coverage coverage(String path) {
            StringBuilder regex = new StringBuilder();
            int last = 0;
            Matcher parameters = PATH_PARAMETER.matcher(template);
            while (parameters.find()) {
                regex.append(Pattern.quote(template.substring(last, parameters.start()))).append("[^/]+");
                last = parameters.end();
            }
            regex.append(Pattern.quote(template.substring(last)));
            if (path.matches(regex.toString())) {
                return Coverage.EXACT;
            }
            return withSubPaths && path.matches(regex + "/.*") ? Coverage.BELOW : Coverage.NONE;
        }

        Set<String> methodSet() {
            return Arrays.stream(methods.split(",")).map(m -> m.trim().toUpperCase(Locale.ROOT))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Below: under a root that serves its sub-paths, which ones exactly Camel does not list. */
    enum Coverage {
        EXACT, BELOW, NONE
    }

    @Override
    public void handle(RoutingContext context) {
        ApiException error = errorFor(context.request(), context.normalizedPath());
        ApiErrorResponder.respond(context.response(), error);
    }

    private ApiException errorFor(HttpServerRequest request, String path) {
        String method = request.method().name();
        Set<String> allowed = new TreeSet<>();
        ServedPath servesThisMethod = null;
        for (ServedPath served : servedPaths.get()) {
            // no methods: the route takes every method, so it would have matched this request
            if (served.methods() == null) {
                continue;
            }
            Coverage coverage = served.coverage(path);
            if (coverage != Coverage.NONE) {
                allowed.addAll(served.methodSet());
                if (coverage == Coverage.EXACT && served.methodSet().contains(method)) {
                    servesThisMethod = served;
                }
            }
        }
        if (servesThisMethod != null) {
            return mediaTypeMismatch(servesThisMethod, request, path);
        }
        if (allowed.contains("GET")) {
            // HttpServerEdges answers HEAD as GET
            allowed.add("HEAD");
        }
        if (!allowed.isEmpty() && !allowed.contains(method)) {
            return new ApiException(405, "method_not_allowed",
                    method + " is not allowed on " + path + "; use " + String.join(", ", allowed),
                    Map.of("Allow", String.join(", ", allowed)));
        }
        return notFound(path);
    }

    /** A route serves this path and method, so only the media types can have kept it from matching. */
    private static ApiException mediaTypeMismatch(ServedPath served, HttpServerRequest request, String path) {
        String accept = request.getHeader("Accept");
        if (served.produces() != null && accept != null) {
            return new ApiException(406, "not_acceptable", path + " answers " + served.produces()
                    + "; the Accept header asks for " + accept);
        }
        String contentType = request.getHeader("Content-Type");
        if (served.consumes() != null && contentType != null) {
            return new ApiException(415, "unsupported_media_type", path + " takes " + served.consumes()
                    + ", not " + contentType);
        }
        return notFound(path);
    }

    static ApiException notFound(String path) {
        return ApiException.notFound("No endpoint at " + path
                + "; the monitoring API is described at /api/monitoring/openapi.json");
    }
}
