package io.tom.monitoring.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisRefusal;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Readiness: the controller can answer only while Redis answers what every read starts with
 * (PING, TIME) and no endpoint, scrape or route has met a refusal in the last minute (an ACL
 * missing a permission, a busy or full Redis), so readiness says what the endpoints can do. Not a
 * liveness check, so an orchestrator does not restart a healthy controller because Redis is down.
 */
public final class RedisHealthCheck extends AbstractHealthCheck {

    private static final long RECENT_NANOS = Duration.ofMinutes(1).toNanos();

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
        // the health endpoint is open to anyone who can reach the port: Redis's own error text
        // (host names, user names, ACL rules) goes to the log only
        try {
            connections.onEachPrimary(redis -> {
                redis.ping();
                return redis.sendCommand(Protocol.Command.TIME);
            });
        } catch (JedisException e) {
            RedisRefusal refusal = RedisRefusal.of(e).orElse(RedisRefusal.UNREACHABLE);
            connections.refusals().met(refusal, e, "checking readiness");
            builder.detail("redis_error", refusal.label()).message(refusal.detail() + "; the controller log says why")
                    .down();
            return;
        }
        List<RedisRefusal> recent = connections.refusals().metWithin(RECENT_NANOS).stream()
                .filter(refusal -> !refusal.showsInAnyCommand()).toList();
        if (!recent.isEmpty()) {
            builder.detail("redis_error", recent.get(0).label()).message(recent.get(0).detail()
                    + " for a read in the last minute; the controller log says why").down();
            return;
        }
        builder.up();
    }
}
