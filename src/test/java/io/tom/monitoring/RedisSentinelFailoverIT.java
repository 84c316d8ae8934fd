package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisSentinel;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * The primary dies, the Sentinel promotes its replica, and the controller follows by itself,
 * without a restart: scrape, API and readiness serve the same fleet from the new primary.
 */
class RedisSentinelFailoverIT extends TomApplicationTestSupport {

    private static final String FLEET_SUCCESSES = Exposition.series("tom_jobs_total", "worker", "all", "device", "all",
            "status", "success", "error_type", "none");

    private RedisServer replica;
    private RedisSentinel sentinel;

    @Override
    protected Map<String, String> settings() {
        replica = RedisServer.startOnFreePort();
        try (Jedis toReplica = new Jedis("127.0.0.1", replica.port())) {
            toReplica.replicaof("127.0.0.1", redisServer.port());
        }
        sentinel = RedisSentinel.watch(redisServer.port(), 1000);
        return Map.of("tom.redis.sentinels", sentinel.address(), "tom.redis.sentinel-master", RedisSentinel.MASTER,
                "tom.redis.url", "redis://127.0.0.1:1/0", "tom.redis.timeout-ms", "1000");
    }

    @AfterAll
    void stopSentinelAndReplica() {
        if (sentinel != null) {
            sentinel.close();
        }
        if (replica != null) {
            replica.close();
        }
    }

    @Test
    void afterTheSentinelPromotesTheReplicaTheControllerServesTheFleetFromIt() throws Exception {
        new TomFleetFixture(redis).globalStats(Map.of("complete", 41, "failed", 1))
                .deviceStats("2001:db8::1", Map.of("complete", 41, "failed", 1, "auth_failed", 1));
        assertEquals(41.0, scrape().value(FLEET_SUCCESSES));
        try (RedisClient toReplica = replica.client()) {
            Await.until(() -> toReplica.exists("tom:stats:device:2001:db8::1"), Duration.ofSeconds(10));
        }
        sentinel.awaitReplica(replica.port());

        redisServer.stop();
        sentinel.awaitPrimary(replica.port());

        Await.until(() -> Double.valueOf(1.0).equals(scrape().value("tom_redis_up")), Duration.ofSeconds(30));
        Exposition afterFailover = scrape();
        assertEquals(41.0, afterFailover.value(FLEET_SUCCESSES), "the fleet as the new primary holds it");
        assertEquals(1, Json.parse(get("/api/monitoring/device_stats/2001:db8::1").body())
                .get("stats").get("error_breakdown").get("auth").asInt());
        assertEquals(200, get("/observe/health/ready").statusCode());
        assertEquals(replica.port(), sentinel.primaryPort());
    }
}
