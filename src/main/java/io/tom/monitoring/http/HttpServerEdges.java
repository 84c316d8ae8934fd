package io.tom.monitoring.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.tom.monitoring.http.UnmatchedRequestResponder.ServedPath;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Once Camel has started its HTTP servers, puts {@link RequestBodyLimits} and {@link ApiKeyFilter} in front of every route under
 * {@code /api/monitoring/} and {@link UnmatchedRequestResponder} behind every route (both ordered
 * explicitly, so routes added later, an integration team's, fall between them), and
 * {@link HttpFailureResponder} on the server's top router, where requests that cannot even be
 * routed fail.
 */
public final class HttpServerEdges implements StartupListener {

    /** Before Camel's own routes, which the router numbers from 0. */
    private static final int BEFORE_EVERY_ROUTE = -1;

    private final ApiKeyGuard apiKeyGuard;
    private final WebConfigFilter webConfig;
    private final ConnectionLimits connections;
    private final RequestBodyLimits bodies;

    public HttpServerEdges(ApiKeyGuard apiKeyGuard, WebConfig webConfig, ConnectionLimits connections,
            RequestBodyLimits bodies) {
        this.apiKeyGuard = apiKeyGuard;
        this.webConfig = new WebConfigFilter(webConfig);
        this.connections = connections;
        this.bodies = bodies;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the HTTP servers exist only once the context is fully started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        PlatformHttpComponent http = context.getComponent(PlatformHttpConstants.PLATFORM_HTTP_COMPONENT_NAME,
                PlatformHttpComponent.class);
        UnmatchedRequestResponder unmatched = new UnmatchedRequestResponder(() -> servedPaths(http));
        ApiKeyFilter apiKeys = new ApiKeyFilter(apiKeyGuard);
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().order(BEFORE_EVERY_ROUTE - 3).handler(connections.requestArrived());
            // HEAD is answered as GET (load balancers and Prometheus tooling send it); Vert.x sends the
            // headers only, since the request itself is still a HEAD
            router.route().order(BEFORE_EVERY_ROUTE - 3).method(HttpMethod.HEAD)
                    .handler(head -> head.reroute(HttpMethod.GET, head.request().uri()));
            // from the headers alone, before anyone (Camel's body handler) reads a body
            router.route().order(BEFORE_EVERY_ROUTE - 2).handler(bodies);
            if (webConfig.needed()) {
                // the web configuration's basic auth and headers, before anything else answers
                router.route().order(BEFORE_EVERY_ROUTE - 1).handler(webConfig);
            }
            router.route(ApiKeyFilter.PROTECTED_PATHS).order(BEFORE_EVERY_ROUTE).handler(apiKeys);
            router.route().last().handler(unmatched);
            // Camel mounts the routes' router on a top router of its own, reachable only as the server's handler
            if (router.getServer().getServer().requestHandler() instanceof Router top) {
                for (int status : HttpFailureResponder.STATUSES) {
                    top.errorHandler(status, new HttpFailureResponder(status));
                }
            }
        }
    }

    /** Camel lists the management endpoints by their root only, as /observe/health for /observe/health/ready. */
    private static Collection<ServedPath> servedPaths(PlatformHttpComponent http) {
        List<ServedPath> served = new ArrayList<>();
        http.getHttpEndpoints().forEach(endpoint -> served.add(ServedPath.of(endpoint, false)));
        http.getHttpManagementEndpoints().forEach(endpoint -> served.add(ServedPath.of(endpoint, true)));
        return served;
    }
}
