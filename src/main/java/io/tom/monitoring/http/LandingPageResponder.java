package io.tom.monitoring.http;

import java.nio.charset.StandardCharsets;

import io.tom.monitoring.build.BuildInfo;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code GET /}: what Prometheus's exporter guidelines ask of a landing page: the name and version,
 * and links to the metrics path, the health endpoints, the OpenAPI document and the docs.
 */
public final class LandingPageResponder implements Processor {

    /** Where the docs live for a reader of the page (the runbooks' base in monitoring/alerts.yml too). */
    static final String DOCS = "https://github.com/tom-monitoring/tom-monitoring/blob/main/docs/README.md";

    private final byte[] page;

    public LandingPageResponder(BuildInfo build) {
        this.page = render(build).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getMessage().setBody(page);
    }

    static String render(BuildInfo build) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Tom Monitoring</title></head>
                <body>
                <h1>Tom Monitoring</h1>
                <p>Prometheus metrics and a monitoring API for a Tom fleet, read from its Redis.
                Version %s, revision %s, Java %s.</p>
                <ul>
                <li><a href="api/metrics">/api/metrics</a>: the Prometheus scrape path</li>
                <li><a href="api/monitoring/openapi.json">/api/monitoring/openapi.json</a>: the monitoring API (OpenAPI 3)</li>
                <li><a href="observe/health">/observe/health</a>, <a href="observe/health/ready">/observe/health/ready</a>,
                <a href="observe/health/live">/observe/health/live</a>: health, readiness and liveness</li>
                <li><a href="%s">Documentation</a></li>
                </ul>
                </body>
                </html>
                """.formatted(escape(build.version()), escape(build.revision()), escape(build.javaVersion()), DOCS);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
