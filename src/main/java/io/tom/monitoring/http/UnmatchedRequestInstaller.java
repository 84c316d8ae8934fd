package io.tom.monitoring.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.tom.monitoring.http.UnmatchedRequestResponder.ServedPath;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/** Puts {@link UnmatchedRequestResponder} behind every route of each HTTP server, once Camel has started. */
public final class UnmatchedRequestInstaller implements StartupListener {

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the HTTP servers exist only once the context is fully started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        PlatformHttpComponent http = context.getComponent(PlatformHttpConstants.PLATFORM_HTTP_COMPONENT_NAME,
                PlatformHttpComponent.class);
        UnmatchedRequestResponder responder = new UnmatchedRequestResponder(() -> servedPaths(http));
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().last().handler(responder);
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
