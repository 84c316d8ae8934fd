package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;

import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The fleet-wide and per-worker rows of tom_jobs_total carry every status and error type from the
 * start, 0 until its first job, so increase() and alerts see the first failure of a type; a
 * device's rows stay as its hash holds them (cardinality).
 */
class FleetRowsFromTheStartTest extends TomApplicationTestSupport {

    private static final String[][] ROWS = {{"success", "none"}, {"failed", "all"}, {"failed", "auth"},
            {"failed", "timeout"}, {"failed", "network"}, {"failed", "gating"}, {"failed", "other"}};

    @Test
    void everyFleetAndWorkerRowExistsAtZeroWhileDevicesShowOnlyTheirFields() {
        redis.flushAll();
        assertEquals(zeros("all"), jobs(scrape()), "a fleet without a job yet");

        redis.hset("tom:stats:worker:worker-1", Map.of("failed", "1", "auth_failed", "1"));
        redis.hset("tom:stats:device:2001:db8::1", Map.of("failed", "1", "auth_failed", "1"));
        Map<String, Double> expected = zeros("all");
        expected.putAll(zeros("worker-1"));
        expected.put(row("worker-1", "all", "failed", "all"), 1.0);
        expected.put(row("worker-1", "all", "failed", "auth"), 1.0);
        expected.put(row("all", "2001:db8::1", "failed", "all"), 1.0);
        expected.put(row("all", "2001:db8::1", "failed", "auth"), 1.0);
        assertEquals(expected, jobs(scrape()));
    }

    private static Map<String, Double> zeros(String worker) {
        Map<String, Double> rows = new TreeMap<>();
        for (String[] row : ROWS) {
            rows.put(row(worker, "all", row[0], row[1]), 0.0);
        }
        return rows;
    }

    private static Map<String, Double> jobs(Exposition exposition) {
        return new TreeMap<>(exposition.samplesStartingWith("tom_jobs_total"));
    }

    private static String row(String worker, String device, String status, String errorType) {
        return Exposition.series("tom_jobs_total", "worker", worker, "device", device, "status", status,
                "error_type", errorType);
    }
}
