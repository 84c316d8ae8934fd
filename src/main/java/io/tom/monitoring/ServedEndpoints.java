package io.tom.monitoring;

import io.tom.monitoring.config.TomSettings;
import io.tom.monitoring.http.WebConfig;

/**
 * The startup line's account of what the HTTP port serves and who may read each part: the scheme
 * the web configuration gives it (Camel's own endpoint summary, which always says http://, is
 * silenced in log4j2.properties) and the guard in front of the metrics and the monitoring API.
 */
final class ServedEndpoints {

    private ServedEndpoints() {
    }

    /** {@code host}: the bind address ({@code tom.http.host}). */
    static String describe(TomSettings settings, String host) {
        WebConfig web = settings.webConfig();
        String base = (web.tls() != null ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + settings.httpPort();
        String everything = web.basicAuthUsers().isEmpty() ? ""
                : ", everything behind basic auth (" + web.basicAuthUsers().size() + " user(s), TOM_WEB_CONFIG_FILE)";
        String metrics = settings.metricsTokenRequired() ? "requires a bearer token (TOM_METRICS_TOKEN)"
                : web.basicAuthUsers().isEmpty() ? "open" : "basic auth only";
        String api = settings.apiKeys().isEmpty()
                ? (web.basicAuthUsers().isEmpty() ? "open (no API keys)" : "basic auth only (no API keys)")
                : "requires one of " + settings.apiKeys().size() + " API key(s)";
        return base + (web.tls() != null ? " (TLS only, TOM_WEB_CONFIG_FILE)" : "") + everything + ": /api/metrics "
                + metrics + ", /api/monitoring/ " + api + ", /observe/health/ready and /live for probes";
    }
}
