package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.tom.monitoring.support.ExternalTool;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** TOM_REDIS_SENTINELS + TOM_REDIS_SENTINEL_MASTER: the controller reads the primary a real Sentinel names. */
class RedisSentinelTest extends TomApplicationTestSupport {

    private static Process sentinel;

    @Override
    protected Map<String, String> settings() {
        try {
            int port = RedisServer.freePort();
            Path dir = Files.createTempDirectory("tom-sentinel-");
            Path config = dir.resolve("sentinel.conf");
            Files.writeString(config, "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\n"
                    + "sentinel monitor tom-primary 127.0.0.1 " + redisServer.port() + " 1\n"
                    + "sentinel down-after-milliseconds tom-primary 2000\n");
            sentinel = new ProcessBuilder(ExternalTool.find("redis-server", "redis-server"), config.toString(),
                    "--sentinel").redirectErrorStream(true).redirectOutput(dir.resolve("sentinel.log").toFile()).start();
            awaitSentinel(port);
            return Map.of("tom.redis.sentinels", "127.0.0.1:" + port, "tom.redis.sentinel-master", "tom-primary",
                    "tom.redis.url", "redis://127.0.0.1:1/0");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start a Redis Sentinel for the test", e);
        }
    }

    @AfterAll
    static void stopSentinel() {
        if (sentinel != null) {
            sentinel.destroyForcibly();
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

    private static void awaitSentinel(int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            try (Jedis client = new Jedis("127.0.0.1", port)) {
                if (client.sentinelGetMasterAddrByName("tom-primary").size() == 2) {
                    return;
                }
            } catch (RuntimeException notYet) {
                Thread.sleep(100);
            }
        }
        fail("the Sentinel did not start within 15 s");
    }
}
