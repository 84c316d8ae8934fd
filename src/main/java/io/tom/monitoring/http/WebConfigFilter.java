package io.tom.monitoring.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The web configuration's HTTP side, before every route: its response headers on every answer,
 * and, when it lists users, HTTP basic authentication against their bcrypt hashes. A verified
 * user and password are remembered by digest, so a scrape every 15 s does not cost a bcrypt each;
 * any other password is checked with bcrypt on a worker thread, never the event loop, so clients
 * sending wrong passwords cannot hold up the others; and an unknown user costs the same bcrypt as
 * a known one (against a hash of the same cost), so the time of a 401 does not tell which user
 * names exist.
 */
public final class WebConfigFilter implements Handler<RoutingContext> {

    private static final String BASIC = "Basic ";

    private final Map<String, String> users;
    private final Map<String, String> headers;
    private final Map<String, String> verified = new ConcurrentHashMap<>();
    private final String unknownUserHash;

    public WebConfigFilter(WebConfig config) {
        this.users = config.basicAuthUsers();
        this.headers = config.headers();
        this.unknownUserHash = users.isEmpty() ? null : unknownUserHash(users.values().iterator().next());
    }

    /** A hash of a random password at the cost of the users' (the first one's) hashes. */
    private static String unknownUserHash(String userHash) {
        int cost = Integer.parseInt(userHash.substring(userHash.indexOf('$', 1) + 1, userHash.indexOf('$', 1) + 3));
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return BCrypt.withDefaults().hashToString(cost, Base64.getEncoder().encodeToString(random).toCharArray());
    }

    public boolean needed() {
        return !users.isEmpty() || !headers.isEmpty();
    }

    @Override
    public void handle(RoutingContext context) {
        if (!headers.isEmpty()) {
            context.addHeadersEndHandler(done -> headers.forEach(context.response()::putHeader));
        }
        if (users.isEmpty()) {
            context.next();
            return;
        }
        Credentials credentials = Credentials.of(context.request().getHeader("Authorization"));
        if (credentials == null) {
            refuse(context);
            return;
        }
        String digest = digest(credentials.user() + ':' + credentials.password());
        if (digest.equals(verified.get(credentials.user()))) {
            context.next();
            return;
        }
        // the body handler behind resumes the request; nothing of its body is read meanwhile
        context.request().pause();
        context.vertx().executeBlocking(() -> verify(credentials, digest), false).onComplete(checked -> {
            if (checked.succeeded() && checked.result()) {
                context.next();
            } else {
                context.request().resume();
                refuse(context);
            }
        });
    }

    private boolean verify(Credentials credentials, String digest) {
        String hash = users.get(credentials.user());
        boolean ok = BCrypt.verifyer().verify(credentials.password().toCharArray(),
                hash == null ? unknownUserHash : hash).verified && hash != null;
        if (ok) {
            verified.put(credentials.user(), digest);
        }
        return ok;
    }

    private static void refuse(RoutingContext context) {
        ApiErrorResponder.respond(context.response(), new ApiException(401, "unauthorized",
                "This server requires HTTP basic authentication",
                Map.of("WWW-Authenticate", "Basic realm=\"tom-monitoring\", charset=\"UTF-8\"")));
    }

    /** A Basic Authorization header's user and password; null when the header is absent or not one. */
    private record Credentials(String user, String password) {

        static Credentials of(String authorization) {
            if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
                return null;
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
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
