package io.tom.monitoring.redis;

import java.net.SocketTimeoutException;
import java.util.function.Function;

import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.Pool;

/**
 * Lends one pooled connection for a whole unit of work (a scrape, an API request), so its SCAN
 * and pipelines share a socket.
 *
 * <p>After Redis restarts, every idle pooled connection is dead. The first one to fail fast
 * (closed or reset, not timed out) empties the idle pool and the work runs once more on a fresh
 * connection, so a restart costs no failed scrape. A timeout is not retried: with Redis hung, the
 * work fails after one timeout instead of one per pooled connection.
 *
 * <p>Work that must not run twice (counting a job) uses {@link #withConnectionOnce}: the
 * connection is checked with PING first, and the work itself is never repeated.
 */
public final class RedisConnections {

    private final Pool<Connection> pool;

    public RedisConnections(Pool<Connection> pool) {
        this.pool = pool;
    }

    public <T> T withConnection(Function<Jedis, T> work) {
        try {
            return run(work);
        } catch (JedisConnectionException e) {
            if (isTimeout(e)) {
                throw e;
            }
            pool.clear();
            return run(work);
        }
    }

    /** Runs non-idempotent work exactly once, on a connection known to be alive. */
    public <T> T withConnectionOnce(Function<Jedis, T> work) {
        try (Jedis redis = liveConnection()) {
            return work.apply(redis);
        }
    }

    private Jedis liveConnection() {
        Jedis redis = new Jedis(pool.getResource());
        try {
            redis.ping();
            return redis;
        } catch (JedisConnectionException e) {
            redis.close();
            if (isTimeout(e)) {
                throw e;
            }
            pool.clear();
            return new Jedis(pool.getResource());
        }
    }

    private <T> T run(Function<Jedis, T> work) {
        try (Jedis redis = new Jedis(pool.getResource())) {
            return work.apply(redis);
        }
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
