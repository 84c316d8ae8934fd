package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tom.monitoring.build.BuildInfo;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, item 3: the exporter conventions. {@code GET /} is a landing page linking what the
 * controller serves, open although API keys are set; {@code tom_build_info} names the build.
 */
class LandingPageTest extends TomApplicationTestSupport {

    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.api.keys", "landing-page-key");
    }

    @Test
    void theLandingPageLinksEveryPathItNamesAndIsOpenWithApiKeys() {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals(Optional.of("text/html; charset=utf-8"), page.headers().firstValue("Content-Type"));
        BuildInfo build = BuildInfo.current();
        assertTrue(page.body().contains("Version " + build.version() + ", revision " + build.revision()), page.body());
        assertTrue(!build.version().equals("unknown") && !build.revision().equals("unknown"), "filled by the build");
        for (String link : List.of("api/metrics", "api/monitoring/openapi.json", "observe/health",
                "observe/health/ready", "observe/health/live")) {
            assertTrue(page.body().contains("href=\"" + link + "\""), link);
            // the OpenAPI document is the API's, behind its keys; the page itself is open
            int status = get("/" + link, "X-API-Key", "landing-page-key").statusCode();
            assertTrue(status == 200, link + " answers " + status);
        }
        assertEquals(401, get("/api/monitoring/workers").statusCode(), "the API keys still guard the API");
        assertEquals(200, request("HEAD", "/").statusCode());
    }

    @Test
    void buildInfoIsOneSeriesNamingVersionRevisionAndJava() {
        BuildInfo build = BuildInfo.current();
        Exposition metrics = scrape();
        assertEquals(1.0, metrics.value(Exposition.series("tom_build_info", "java_version", build.javaVersion(),
                "revision", build.revision(), "version", build.version())), metrics.text());
        assertEquals(1, metrics.samplesStartingWith("tom_build_info").size());
    }
}
