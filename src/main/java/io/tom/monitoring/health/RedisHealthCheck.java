package io.tom.monitoring.health;

import java.util.Map;

import io.tom.monitoring.redis.RedisConnections;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Readiness: the controller can answer only while Redis answers PING. Not a liveness check, so
 * an orchestrator does not restart a healthy controller because Redis is down.
 */
public final class RedisHealthCheck extends AbstractHealthCheck {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisHealthCheck.class);

    private final RedisConnections connections;

    public RedisHealthCheck(RedisConnections connections) {
        super("tom", "redis");
        this.connections = connections;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            connections.onEachPrimary(redis -> redis.ping());
            builder.up();
        } catch (JedisException e) {
            // the health endpoint is open to anyone who can reach the port: Redis's own error text
            // (host names, user names, ACL rules) goes to the log only
            LOG.debug("Readiness: Redis is unreachable", e);
            builder.message("Redis is unreachable; the controller log says why").down();
        }
    }
}
