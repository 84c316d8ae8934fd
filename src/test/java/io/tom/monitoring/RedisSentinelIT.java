package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisSentinel;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** TOM_REDIS_SENTINELS + TOM_REDIS_SENTINEL_MASTER: the controller reads the primary a real Sentinel names. */
class RedisSentinelIT extends TomApplicationTestSupport {

    private RedisSentinel sentinel;

    @Override
    protected Map<String, String> settings() {
        sentinel = RedisSentinel.watch(redisServer.port(), 2000);
        return Map.of("tom.redis.sentinels", sentinel.address(), "tom.redis.sentinel-master", RedisSentinel.MASTER,
                "tom.redis.url", "redis://127.0.0.1:1/0");
    }

    @AfterAll
    void stopSentinel() {
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @Test
    void scrapeAndApiReadThePrimaryTheSentinelNames() {
        new TomFleetFixture(redis).globalStats(Map.of("complete", 41, "failed", 1))
                .deviceStats("2001:db8::1", Map.of("complete", 41, "failed", 1, "auth_failed", 1));
        Exposition exposition = scrape();
        assertEquals(1.0, exposition.value("tom_redis_up"));
        assertEquals(41.0, exposition.value(Exposition.series("tom_jobs_total", "worker", "all", "device", "all",
                "status", "success", "error_type", "none")));
        assertEquals(1, Json.parse(get("/api/monitoring/device_stats/2001:db8::1").body())
                .get("stats").get("error_breakdown").get("auth").asInt());
        assertEquals(200, get("/observe/health/ready").statusCode());
    }
}
