package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.JobOutcome;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.ControllerHttp;
import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.RedisServerExtension;
import io.tom.monitoring.support.TomFleetFixture;
import io.tom.monitoring.writer.TomWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TOM_METRICS_DEVICE_LIMIT=3 on a fleet already in Redis: the three busiest devices keep their
 * series, and the jobs of the five others are counted exactly under device="_other".
 */
class DeviceLimitScrapeIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @TempDir
    Path workingDir;

    @Test
    void onlyTheBusiestDevicesKeepTheirSeriesAndTheRestAreCountedUnderOther() throws Exception {
        TomWriter writer = new TomWriter(RedisConnections.standalone(REDIS.client()));
        TomFleetFixture fleet = new TomFleetFixture(REDIS.client());
        double now = fleet.redisTime();
        int events = 0;
        for (int d = 1; d <= 8; d++) {
            String device = "10.0.0." + d;
            for (int i = 0; i < d * 10; i++) {
                writer.recordJob(JobOutcome.success("worker-1", device, "job-" + d + "-" + i, 1.0, (long) now));
                events++;
            }
            for (int i = 0; i < d; i++) {
                writer.recordJob(JobOutcome.failure("worker-1", device, ErrorType.TIMEOUT, "job-f-" + d + "-" + i,
                        "show version", "timed out", "cred", 1, 30.0, (long) now));
                events++;
            }
            fleet.lease(device, 22, "job-" + d, now + 60);
        }
        int port = RedisServer.freePort();
        try (ControllerProcess controller = ControllerProcess.start(workingDir, Map.of("TOM_REDIS_URL",
                REDIS.server().url(), "TOM_HTTP_PORT", String.valueOf(port), "TOM_METRICS_DEVICE_LIMIT", "3",
                "TOM_METRICS_DEVICE_RANK", "jobs", "TOM_HISTORY_POLL_INTERVAL", "100ms"))) {
            controller.awaitHealthy(port, Duration.ofSeconds(60));
            double all = events;
            Await.until(() -> Double.valueOf(all).equals(ControllerHttp.value(port, "tom_job_events_consumed_total")),
                    Duration.ofSeconds(30));
            Exposition exposition = ControllerHttp.scrape(port);

            Set<String> devices = new TreeSet<>();
            exposition.samplesStartingWith("tom_jobs_total{device=").keySet().forEach(series -> devices.add(
                    series.substring(series.indexOf("device=\"") + 8, series.indexOf('"', series.indexOf("device=\"") + 8))));
            assertEquals(Set.of("10.0.0.6", "10.0.0.7", "10.0.0.8", "_other", "all"), devices);
            assertEquals(150.0, exposition.value(jobs("_other", "success", "none")), "10+20+30+40+50");
            assertEquals(15.0, exposition.value(jobs("_other", "failed", "all")));
            assertEquals(15.0, exposition.value(jobs("_other", "failed", "timeout")));
            assertEquals(80.0, exposition.value(jobs("10.0.0.8", "success", "none")));
            assertEquals(360.0, exposition.value(Exposition.series("tom_jobs_total", "worker", "all", "device", "all",
                    "status", "success", "error_type", "none")), "fleet-wide rows are untouched");
            assertEquals(5.0, exposition.value("tom_device_series_folded_devices"));
            assertEquals(5.0, exposition.value(Exposition.series("tom_device_semaphore_leases", "device", "_other",
                    "port", "_other")));
            assertEquals(1.0, exposition.value(Exposition.series("tom_device_semaphore_leases", "device", "10.0.0.8",
                    "port", "22")));
            assertEquals(Set.of("10.0.0.6", "10.0.0.7", "10.0.0.8"), devicesOf(exposition,
                    "tom_device_last_success_timestamp_seconds"), "the limit holds for every per-device series");
        }
    }

    private static Set<String> devicesOf(Exposition exposition, String family) {
        Set<String> devices = new TreeSet<>();
        exposition.samplesStartingWith(family + "{").keySet().forEach(series -> devices.add(
                series.substring(series.indexOf("device=\"") + 8, series.indexOf('"', series.indexOf("device=\"") + 8))));
        return devices;
    }

    private static String jobs(String device, String status, String errorType) {
        return Exposition.series("tom_jobs_total", "worker", "all", "device", device, "status", status,
                "error_type", errorType);
    }
}
