package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;

class ScrapeSmokeTest extends TomApplicationTestSupport {

    @Test
    void scrapeCountsAJobWrittenToRedis() {
        redis.hincrBy("tom:stats:global", "complete", 3);
        Exposition exposition = scrape();
        assertEquals(3.0, exposition.value(Exposition.series("tom_jobs_total",
                "worker", "all", "device", "all", "status", "success", "error_type", "none")));
        assertEquals(1.0, exposition.value("tom_redis_up"));
    }
}
