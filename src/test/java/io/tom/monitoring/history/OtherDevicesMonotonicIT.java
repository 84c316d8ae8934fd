package io.tom.monitoring.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.JobOutcome;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.ControllerHttp;
import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.RedisServerExtension;
import io.tom.monitoring.writer.TomWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a device limit the {@code device="_other"} rows of {@code tom_jobs_total} are counters:
 * with ranks churning, the shown set re-ranked every 300 ms and device hashes expiring, no sample
 * of either controller is ever lower than the one before, and both export the same devices.
 */
class OtherDevicesMonotonicIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final long NOW = 1_795_000_000L;

    @TempDir
    Path workingDir;

    @Test
    void otherCountersNeverDecreaseOnEitherController() throws Exception {
        TomWriter writer = new TomWriter(RedisConnections.standalone(REDIS.client()));
        int portA = RedisServer.freePort();
        int portB = RedisServer.freePort();
        try (ControllerProcess a = ControllerProcess.start(workingDir, environment(portA));
                ControllerProcess b = ControllerProcess.start(workingDir, environment(portB))) {
            a.awaitHealthy(portA, Duration.ofSeconds(60));
            b.awaitHealthy(portB, Duration.ofSeconds(60));
            Map<String, Double> lastSeen = new HashMap<>();
            List<String> decreases = new ArrayList<>();
            int scrapes = 0;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int round = 0; round < 40; round++) {
                // a different handful of devices is busiest in each round
                for (int j = 0; j < 60; j++) {
                    int device = (round * 3 + random.nextInt(4)) % 20;
                    String id = "10.1.0." + device;
                    writer.recordJob(j % 4 == 0
                            ? JobOutcome.failure("worker-1", id, ErrorType.NETWORK, "j" + round + "-" + j, "c", "e",
                                    "cred", 1, 0.2, NOW)
                            : JobOutcome.success("worker-1", id, "j" + round + "-" + j, 0.2, NOW));
                }
                if (round % 5 == 4) {
                    for (int device = 0; device < 20; device += 3) {
                        REDIS.client().pexpire("tom:stats:device:10.1.0." + device, 50);
                    }
                }
                for (int port : List.of(portA, portB)) {
                    Exposition exposition = ControllerHttp.scrape(port);
                    scrapes++;
                    exposition.samplesStartingWith("tom_jobs_total{device=\"_other\"").forEach((series, value) -> {
                        Double before = lastSeen.put(port + " " + series, value);
                        if (before != null && value < before) {
                            decreases.add(port + " " + series + ": " + before + " -> " + value);
                        }
                    });
                }
                Thread.sleep(100);
            }
            assertEquals(List.of(), decreases, "over " + scrapes + " scrapes");
            assertTrue(lastSeen.keySet().stream().anyMatch(k -> k.contains("_other")), "jobs were folded");
            Await.until(() -> Double.valueOf(0).equals(ControllerHttp.value(portA, "tom_job_events_lag")),
                    Duration.ofSeconds(20));
            // with no new jobs the ranking settles; both then read the one set Redis holds
            Await.until(() -> shownDevices(portA).equals(shownDevices(portB)) && shownDevices(portA).size() == 5,
                    Duration.ofSeconds(20));
        }
    }

    private static Set<String> shownDevices(int port) {
        Set<String> devices = new TreeSet<>();
        ControllerHttp.scrape(port).samplesStartingWith("tom_jobs_total{device=").keySet().forEach(series -> devices.add(
                series.substring(series.indexOf("device=\"") + 8, series.indexOf('"', series.indexOf("device=\"") + 8))));
        return devices;
    }

    private static Map<String, String> environment(int port) {
        return Map.of("TOM_REDIS_URL", REDIS.server().url(), "TOM_HTTP_PORT", String.valueOf(port),
                "TOM_METRICS_DEVICE_LIMIT", "3", "TOM_METRICS_DEVICE_SET_REFRESH", "300ms",
                "TOM_HISTORY_POLL_INTERVAL", "50ms");
    }
}
