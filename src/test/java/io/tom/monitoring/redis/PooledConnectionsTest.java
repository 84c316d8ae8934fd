package io.tom.monitoring.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Pooled connections left unused longer than the idle timeout are closed, freeing Redis's client slots. */
class PooledConnectionsTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() {
        RedisSettings settings = new RedisSettings(RedisSettings.parseUrl(REDIS.server().url()), List.of(), List.of(), "",
                2000, 8, Duration.ofSeconds(1), io.tom.monitoring.redis.RedisTls.none());
        RedisConnections connections = RedisClientFactory.connect(settings);
        try (Jedis admin = new Jedis("127.0.0.1", REDIS.server().port())) {
            List<CompletableFuture<Void>> busy = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                busy.add(CompletableFuture.runAsync(() -> connections.keyed(redis -> redis.blpop(0.3, "nothing"))));
            }
            busy.forEach(CompletableFuture::join);
            assertTrue(controllerClients(admin) >= 2, "several connections were opened: " + controllerClients(admin));
            Await.until(() -> controllerClients(admin) == 0, Duration.ofSeconds(10));
            connections.keyed(redis -> redis.ping());
            assertTrue(controllerClients(admin) >= 1, "a new one is opened when needed");
        } finally {
            connections.client().close();
        }
    }

    private static long controllerClients(Jedis admin) {
        return admin.clientList().lines().filter(line -> line.contains("name=tom-monitoring")).count();
    }
}
