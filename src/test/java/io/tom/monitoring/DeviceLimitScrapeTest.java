package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;

/** TOM_METRICS_DEVICE_LIMIT=3: three devices keep their series, the others are summed exactly. */
class DeviceLimitScrapeTest extends TomApplicationTestSupport {

    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.metrics.device-limit", "3", "tom.metrics.device-rank", "jobs");
    }

    @Test
    void onlyTheBusiestDevicesKeepTheirSeriesAndTheRestAreSummed() {
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        fleet.globalStats(Map.of("complete", 1000, "failed", 40));
        for (int d = 1; d <= 8; d++) {
            fleet.deviceStats("10.0.0." + d, Map.of("complete", d * 10, "failed", d, "timeout_failed", d));
            fleet.lease("10.0.0." + d, 22, "job-" + d, now + 60);
        }
        Exposition exposition = scrape();

        Set<String> devices = new TreeSet<>();
        exposition.samplesStartingWith("tom_jobs_total{device=").keySet().forEach(series ->
                devices.add(series.substring(series.indexOf("device=\"") + 8, series.indexOf('"', series.indexOf("device=\"") + 8))));
        assertEquals(Set.of("10.0.0.6", "10.0.0.7", "10.0.0.8", "_other", "all"), devices);
        assertEquals(150.0, exposition.value(jobs("_other", "success", "none")), "10+20+30+40+50");
        assertEquals(15.0, exposition.value(jobs("_other", "failed", "all")));
        assertEquals(15.0, exposition.value(jobs("_other", "failed", "timeout")));
        assertEquals(80.0, exposition.value(jobs("10.0.0.8", "success", "none")));
        assertEquals(1000.0, exposition.value(Exposition.series("tom_jobs_total", "worker", "all", "device", "all",
                "status", "success", "error_type", "none")), "fleet-wide rows are untouched");
        assertEquals(5.0, exposition.value("tom_device_series_folded_devices"));
        assertEquals(5.0, exposition.value(Exposition.series("tom_device_semaphore_leases", "device", "_other",
                "port", "_other")));
        assertEquals(1.0, exposition.value(Exposition.series("tom_device_semaphore_leases", "device", "10.0.0.8",
                "port", "22")));
    }

    private static String jobs(String device, String status, String errorType) {
        return Exposition.series("tom_jobs_total", "worker", "all", "device", device, "status", status,
                "error_type", errorType);
    }
}
