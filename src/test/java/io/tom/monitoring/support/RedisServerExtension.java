package io.tom.monitoring.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.RedisClient;

/**
 * A redis-server of the test class's own, for tests that do not boot the application:
 * {@code @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();}
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private RedisServer server;
    private RedisClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = RedisServer.startOnFreePort();
        client = server.client();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        server.close();
    }

    public RedisServer server() {
        return server;
    }

    public RedisClient client() {
        return client;
    }
}
