package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;

/**
 * The whole tom_* part of the exposition for a fixed fleet, compared with the reviewed file
 * {@code src/test/resources/golden/fleet-metrics.txt}. Two values change from run to run and are
 * checked separately: the fresh heartbeat's timestamp and the scrape duration.
 */
class ScrapeGoldenTest extends TomApplicationTestSupport {

    private static final String GOLDEN = "/golden/fleet-metrics.txt";

    @Test
    void tomSeriesMatchTheReviewedExposition() throws IOException {
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        double freshHeartbeat = Math.floor(now) - 5 + 0.25;
        fleet.goldenFleet(now, freshHeartbeat);
        // the job history is aggregated in the background: the golden exposition is the caught-up one
        Await.until(() -> Double.valueOf(2).equals(scrape().value("tom_job_events_consumed_total")),
                Duration.ofSeconds(20));

        Exposition exposition = scrape();
        double latency = exposition.value(Exposition.series("tom_queue_latency_seconds", "queue", "default"));
        assertTrue(latency >= 42 && latency < 42 + (fleet.redisTime() - now) + 0.001,
                "the oldest waiting job's age on the Redis clock: " + latency);
        assertEquals(freshHeartbeat,
                exposition.value(Exposition.series("tom_worker_last_heartbeat", "worker", "worker-abc123")));

        String actual = exposition.text().lines()
                .filter(line -> line.startsWith("tom_") || line.startsWith("# HELP tom_") || line.startsWith("# TYPE tom_"))
                .map(line -> line.startsWith("tom_worker_last_heartbeat{worker=\"worker-abc123\"}")
                        ? "tom_worker_last_heartbeat{worker=\"worker-abc123\"} <fresh heartbeat>" : line)
                .map(line -> line.startsWith("tom_scrape_duration_seconds ")
                        ? "tom_scrape_duration_seconds <duration>" : line)
                // the build's own version and revision change with every commit: LandingPageTest checks them
                .map(line -> line.startsWith("tom_build_info{") ? "tom_build_info{<this build>} 1.0" : line)
                .map(line -> line.startsWith("tom_queue_latency_seconds{")
                        ? line.substring(0, line.lastIndexOf(' ')) + " <about 42 s>" : line)
                // an event's time is its stream entry id, taken when the fixture wrote it
                .map(line -> line.startsWith("tom_device_last_")
                        ? line.substring(0, line.lastIndexOf(' ')) + " <event time>" : line)
                .collect(Collectors.joining("\n", "", "\n"));

        if (System.getProperty("golden.update") != null) {
            // the reviewed file is the source one; the copy on the class path is the build's
            Path source = Path.of("src/test/resources" + GOLDEN);
            Files.writeString(source, actual);
            assertEquals(actual, Files.readString(source), "the golden file was rewritten");
            return;
        }
        assertEquals(expected(), actual, "tom_* exposition differs from " + GOLDEN
                + " (review the change, then rerun with -Dgolden.update to rewrite the file)");
    }

    private static String expected() throws IOException {
        try (InputStream in = ScrapeGoldenTest.class.getResourceAsStream(GOLDEN)) {
            return in == null ? "<" + GOLDEN + " is missing>" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
