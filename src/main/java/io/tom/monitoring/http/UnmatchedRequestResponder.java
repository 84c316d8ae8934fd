package io.tom.monitoring.http;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;

/**
 * Answers the requests no route took, in the API's error shape rather than Vert.x's HTML page:
 * 405 with an {@code Allow} header when a route serves the path under other methods, 404 otherwise.
 *
 * <p>Installed as the last Vert.x route of the HTTP server, so it never shadows a route, including
 * one an integration team adds later. Vert.x's own 405 cannot be used: Camel mounts its routes on
 * a sub-router, and the allowed methods are lost on the way back to the parent (it sends an empty
 * {@code Allow}), so the methods come from Camel's list of its HTTP endpoints instead.
 */
public final class UnmatchedRequestResponder implements Handler<RoutingContext> {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{[^}/]+}");

    private final Supplier<Collection<ServedPath>> servedPaths;

    /** @param servedPaths what the routes serve, read on each unmatched request as routes come and go */
    public UnmatchedRequestResponder(Supplier<Collection<ServedPath>> servedPaths) {
        this.servedPaths = servedPaths;
    }

    /**
     * A path template routes serve, such as {@code /api/monitoring/device_stats/{device}}, and its
     * methods; {@code withSubPaths} when the paths below it are served too.
     */
    public record ServedPath(String template, boolean withSubPaths, String methods) {

        public static ServedPath of(HttpEndpointModel endpoint, boolean withSubPaths) {
            String uri = endpoint.getUri();
            return uri.endsWith("*")
                    ? new ServedPath(uri.substring(0, uri.length() - 1), true, endpoint.getVerbs())
                    : new ServedPath(uri, withSubPaths, endpoint.getVerbs());
        }

        boolean serves(String path) {
            StringBuilder regex = new StringBuilder();
            int last = 0;
            Matcher parameters = PATH_PARAMETER.matcher(template);
            while (parameters.find()) {
                regex.append(Pattern.quote(template.substring(last, parameters.start()))).append("[^/]+");
                last = parameters.end();
            }
            regex.append(Pattern.quote(template.substring(last)));
            if (withSubPaths) {
                regex.append("(/.*)?");
            }
            return path.matches(regex.toString());
        }
    }

    @Override
    public void handle(RoutingContext context) {
        String path = context.normalizedPath();
        String method = context.request().method().name();
        Set<String> allowed = allowedMethods(path);
        // the method itself allowed means no route serves this exact path, only one above it
        ApiException error = allowed.isEmpty() || allowed.contains(method)
                ? ApiException.notFound("No endpoint at " + path
                        + "; the monitoring API is described at /api/monitoring/openapi.json")
                : new ApiException(405, "method_not_allowed",
                        method + " is not allowed on " + path + "; use " + String.join(", ", allowed),
                        Map.of("Allow", String.join(", ", allowed)));
        ApiErrorResponder.respond(context.response(), error);
    }

    /** The methods that routes serve on this path; empty when no route serves it. */
    private Set<String> allowedMethods(String path) {
        Set<String> allowed = new TreeSet<>();
        for (ServedPath served : servedPaths.get()) {
            // no methods: the route takes every method, so it would have matched this request
            if (served.methods() != null && served.serves(path)) {
                for (String method : served.methods().split(",")) {
                    allowed.add(method.trim().toUpperCase(Locale.ROOT));
                }
            }
        }
        return allowed;
    }
}
