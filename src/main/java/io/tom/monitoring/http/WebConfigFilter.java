package io.tom.monitoring.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The web configuration's HTTP side, before every route: its response headers on every answer,
 * and, when it lists users, HTTP basic authentication against their bcrypt hashes (a verified
 * user and password are remembered by digest, so a scrape every 15 s does not cost a bcrypt each).
 */
public final class WebConfigFilter implements Handler<RoutingContext> {

    private static final String BASIC = "Basic ";

    private final Map<String, String> users;
    private final Map<String, String> headers;
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    public WebConfigFilter(WebConfig config) {
        this.users = config.basicAuthUsers();
        this.headers = config.headers();
    }

    public boolean needed() {
        return !users.isEmpty() || !headers.isEmpty();
    }

    @Override
    public void handle(RoutingContext context) {
        if (!headers.isEmpty()) {
            context.addHeadersEndHandler(done -> headers.forEach(context.response()::putHeader));
        }
        if (users.isEmpty() || authenticated(context.request().getHeader("Authorization"))) {
            context.next();
            return;
        }
        ApiErrorResponder.respond(context.response(), new ApiException(401, "unauthorized",
                "This server requires HTTP basic authentication",
                Map.of("WWW-Authenticate", "Basic realm=\"tom-monitoring\", charset=\"UTF-8\"")));
    }

    private boolean authenticated(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = credentials.substring(0, colon);
        String password = credentials.substring(colon + 1);
        String hash = users.get(user);
        if (hash == null) {
            return false;
        }
        String digest = digest(user + ':' + password);
        if (digest.equals(verified.get(user))) {
            return true;
        }
        boolean ok = BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
        if (ok) {
            verified.put(user, digest);
        }
        return ok;
    }

    private static String digest(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
