package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;

/** Counters whose total does not fit in a long are skipped and counted, never negative, never a 500. */
class OverflowingCountersTest extends TomApplicationTestSupport {

    @Test
    void aHashWhoseTotalOverflowsIsSkippedAndCounted() {
        redis.flushAll();
        redis.hset("tom:stats:device:10.6.6.6", Map.of("complete", String.valueOf(Long.MAX_VALUE), "failed", "1"));
        redis.hset("tom:stats:device:10.6.6.7", Map.of("complete", "5"));
        redis.hset("tom:stats:global", Map.of("complete", String.valueOf(Long.MAX_VALUE)));

        Exposition exposition = scrape();
        assertTrue(exposition.samplesStartingWith("tom_jobs_total{device=\"10.6.6.6\"").isEmpty());
        assertEquals(5.0, exposition.value(Exposition.series("tom_jobs_total", "worker", "all", "device", "10.6.6.7",
                "status", "success", "error_type", "none")));
        assertEquals(1.0, exposition.value(Exposition.series("tom_malformed_records", "kind", "stats")));

        HttpResponse<String> summary = get("/api/monitoring/stats/summary");
        assertEquals(200, summary.statusCode());
        assertFalse(summary.body().contains("-"), "no negative total or rate: " + summary.body());
        assertTrue(summary.body().contains("\"success_rate\":100.0"), summary.body());
        assertEquals(404, get("/api/monitoring/device_stats/10.6.6.6").statusCode(), "its hash is not readable");
    }
}
