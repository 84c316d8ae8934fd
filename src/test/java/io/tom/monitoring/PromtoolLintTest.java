package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tom.monitoring.support.ExternalTool;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;

/**
 * {@code promtool check metrics} (Debian package {@code prometheus}) on a real scrape of the golden
 * fleet: the exposition parses, and the linter reports nothing about any tom_* metric. Camel's and
 * Micrometer's own metrics are outside this project's naming and are not judged here.
 */
class PromtoolLintTest extends TomApplicationTestSupport {

    @Test
    void promtoolFindsNoProblemInAnyTomMetric() throws Exception {
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        fleet.goldenFleet(now, now - 3);
        String exposition = get("/api/metrics").body();
        assertTrue(exposition.contains("tom_jobs_total{"), "the scrape carries the fleet");

        Process promtool = new ProcessBuilder(ExternalTool.find("promtool", "prometheus"), "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");

        assertTrue(promtool.exitValue() == 0 || promtool.exitValue() == 3,
                "promtool could not parse the exposition (exit " + promtool.exitValue() + "): " + report);
        List<String> tomProblems = report.lines().filter(line -> line.contains("tom_")).toList();
        assertEquals(List.of(), tomProblems, "promtool reports problems on tom_* metrics");
    }
}
