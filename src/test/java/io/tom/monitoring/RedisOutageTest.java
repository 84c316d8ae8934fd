package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped, or frozen so that it accepts connections but never answers: the scrape still
 * answers 200 (the test's HTTP client gives up well before Prometheus's 10 s scrape timeout),
 * with {@code tom_redis_up 0}, the controller's own metrics and no fleet series; once Redis is
 * back the next scrape serves the fleet again.
 */
class RedisOutageTest extends TomApplicationTestSupport {

    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.redis.timeout-ms", "1000");
    }

    @Test
    void scrapeReportsRedisDownWhenStoppedAndRecoversWhenRestarted() {
        writeFleet();
        fillConnectionPool();

        redisServer.stop();
        assertRedisDown(scrape());
        assertRedisDown(scrape());

        redisServer.start();
        reconnectRedis();
        writeFleet();
        assertFleetServed(scrape());
    }

    @Test
    void firstScrapeAfterARestartServesTheFleetDespiteDeadPooledConnections() {
        writeFleet();
        fillConnectionPool();

        redisServer.stop();
        redisServer.start();
        reconnectRedis();
        writeFleet();
        assertFleetServed(scrape());
    }

    @Test
    void scrapeAnswersWithinTheTimeoutWhenRedisHangs() {
        writeFleet();
        fillConnectionPool();

        redisServer.freeze();
        try {
            assertRedisDown(scrape());
        } finally {
            redisServer.thaw();
        }
        assertFleetServed(scrape());
    }

    /** Concurrent scrapes leave several idle connections in the controller's pool. */
    private void fillConnectionPool() {
        List<CompletableFuture<Exposition>> scrapes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            scrapes.add(CompletableFuture.supplyAsync(this::scrape));
        }
        scrapes.forEach(s -> assertFleetServed(s.join()));
    }

    private void writeFleet() {
        new TomFleetFixture(redis).globalStats(Map.of("complete", 12, "failed", 1));
    }

    private static void assertFleetServed(Exposition exposition) {
        assertEquals(1.0, exposition.value("tom_redis_up"));
        assertEquals(12.0, exposition.value(Exposition.series("tom_jobs_total", "worker", "all", "device", "all",
                "status", "success", "error_type", "none")));
    }

    private static void assertRedisDown(Exposition exposition) {
        assertEquals(0.0, exposition.value("tom_redis_up"));
        assertTrue(exposition.samplesStartingWith("tom_jobs_total").isEmpty(), "fleet series must be absent");
        assertTrue(exposition.samplesStartingWith("tom_workers_active").isEmpty(), "never zero-filled");
        assertTrue(exposition.samplesStartingWith("tom_queue_depth").isEmpty(), "never zero-filled");
        assertNotNull(exposition.value("tom_scrape_duration_seconds"));
        assertTrue(exposition.samples().keySet().stream().anyMatch(s -> s.startsWith("jvm_memory_used_bytes")),
                "the controller's own metrics are still served");
    }
}
