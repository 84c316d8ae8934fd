package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Forty clients calling the API in loops cannot starve the scrape or the Redis beside it: API
 * answers read Redis at most TOM_API_MAX_CONCURRENT at a time, so no answer says Redis is
 * unreachable while it answers, every scrape meanwhile reads Redis; and on a Redis with a low
 * maxclients the controller's pool leaves room for other clients.
 */
class ApiUnderLoadTest extends TomApplicationTestSupport {

    @Override
    protected String[] redisArguments() {
        return new String[] {"--maxclients", "24"};
    }

    @BeforeAll
    void aFleetOfThousands() {
        TomFleetFixture fleet = new TomFleetFixture(redis);
        for (int i = 0; i < 3000; i++) {
            fleet.deviceStats("10.2." + (i / 250) + "." + (i % 250), Map.of("complete", 1, "failed", i % 3));
        }
        fleet.workerStats("worker-1", Map.of("complete", 3000));
    }

    @Test
    void thePoolLeavesHalfOfRedissFreeClientSlots() {
        int pool = context.getRegistry().lookupByNameAndType("redisClient", RedisClient.class).getPool().getMaxTotal();
        assertTrue(pool < 16 && pool <= 12, "TOM_REDIS_POOL_SIZE 16 limited under maxclients 24: " + pool);
    }

    @Test
    void fortyApiLoopsNeitherFailAsUnreachableNorStarveTheScrapeOrOtherClients() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(40);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> loops = new ArrayList<>();
        try {
            for (int c = 0; c < 40; c++) {
                String path = c % 2 == 0 ? "/api/monitoring/stats/summary" : "/api/monitoring/workers";
                loops.add(clients.submit(() -> {
                    for (int i = 0; i < 3; i++) {
                        HttpResponse<String> response = get(path);
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                    }
                }));
            }
            for (int i = 0; i < 3; i++) {
                Exposition exposition = scrape();
                assertEquals(1.0, exposition.value("tom_redis_up"), "a scrape during the storm reads Redis");
                try (RedisClient operator = redisServer.client()) {
                    assertEquals("PONG", operator.ping(), "an operator can still connect");
                }
            }
            for (Future<?> loop : loops) {
                loop.get(5, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        // a turn may run out on a saturated machine (503 busy, said so); Redis is never blamed
        assertTrue(failures.stream().allMatch(f -> f.startsWith("503") && "busy".equals(
                Json.parse(f.substring(4)).get("error").asText())), failures.toString());
    }
}
