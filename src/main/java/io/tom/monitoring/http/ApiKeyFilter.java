package io.tom.monitoring.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Requires an API key for every request under {@code /api/monitoring/} before any route sees it:
 * the endpoints, the OpenAPI document, paths that do not exist, and routes an integration team
 * adds under the prefix. This is the one place the key is checked.
 */
public final class ApiKeyFilter implements Handler<RoutingContext> {

    public static final String PROTECTED_PATHS = "/api/monitoring/*";

    private final ApiKeyGuard guard;

    public ApiKeyFilter(ApiKeyGuard guard) {
        this.guard = guard;
    }

    @Override
    public void handle(RoutingContext context) {
        try {
            guard.check(context.request().getHeader(ApiKeyGuard.HEADER));
        } catch (ApiException refused) {
            ApiErrorResponder.respond(context.response(), refused);
            return;
        }
        context.next();
    }
}
