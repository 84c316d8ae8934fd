package io.tom.monitoring.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.Pool;

/**
 * How the controller reaches Redis, whether one server, a Sentinel-managed primary, or a Redis
 * Cluster. Two kinds of work:
 * <ul>
 * <li>{@link #keyed}: commands on one key (or keys of one slot), through the client, which
 * routes them to the right node;</li>
 * <li>{@link #onEachPrimary}: work that needs a whole node, such as SCAN and pipelines over the
 * keys SCAN returned there; it runs once per primary, on one connection.</li>
 * </ul>
 *
 * <p>After Redis restarts, every idle pooled connection is dead. The first one to fail fast
 * (closed or reset, not timed out) empties the idle pool and the work runs once more on a fresh
 * connection, so a restart costs no failed scrape. A timeout is not retried: with Redis hung, the
 * work fails after one timeout instead of one per pooled connection. Work that must not run twice
 * (counting a job) uses {@link #withPrimaryOnce}, which checks its connection with a PING before
 * the work and never repeats it, or, on a Redis Cluster, {@link #keyedOnce}, which runs it once
 * with no retry of this class's own.
 */
public final class RedisConnections implements AutoCloseable {

    private final UnifiedJedis client;
    private final Supplier<List<Pool<Connection>>> primaries;
    private final boolean cluster;
    private final RedisRefusalLog refusals;
    private final String description;
    private final ExecutorService closer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "redis-connection-closer");
        thread.setDaemon(true);
        return thread;
    });

    private RedisConnections(UnifiedJedis client, Supplier<List<Pool<Connection>>> primaries, boolean cluster,
            String description) {
        this.client = client;
        this.primaries = primaries;
        this.cluster = cluster;
        this.refusals = new RedisRefusalLog(description);
        this.description = description;
    }

    /** {@code description} names the Redis in logs ({@link RedisSettings#describe()}: no password). */
    public static RedisConnections standalone(RedisClient client, String description) {
        return new RedisConnections(client, () -> List.of(client.getPool()), false, description);
    }

    public static RedisConnections standalone(RedisClient client) {
        return standalone(client, "redis");
    }

    public static RedisConnections sentinel(RedisSentinelClient client, String description) {
        return new RedisConnections(client, () -> new ArrayList<>(client.getPrimaryNodesConnectionMap().values()), false,
                description);
    }

    public static RedisConnections cluster(RedisClusterClient client, String description) {
        return new RedisConnections(client, () -> clusterPrimaries(client), true, description);
    }

    public static RedisConnections cluster(RedisClusterClient client) {
        return cluster(client, "redis cluster");
    }

    /** This controller's refusals of this Redis: logged once a minute, remembered for readiness. */
    public RedisRefusalLog refusals() {
        return refusals;
    }

    /** Closes the client's pools; connections being closed aside finish in the background. */
    @Override
    public void close() {
        client.close();
        closer.shutdown();
    }

    /** True on a Redis Cluster, where one job's keys span slots and MULTI cannot cover them. */
    public boolean isCluster() {
        return cluster;
    }

    public UnifiedJedis client() {
        return client;
    }

    /**
     * Refuses to start on a Redis that answers but has no database of the configured index: a
     * configuration error, said in one line, rather than every read failing later. Nothing when
     * Redis cannot be reached now (the reads report that as it lasts).
     */
    public void requireDatabase(int database) {
        if (cluster) {
            return;
        }
        try {
            withPool(primaries.get().get(0), Jedis::ping);
        } catch (JedisException e) {
            if (RedisRefusal.of(e).filter(kind -> kind == RedisRefusal.DATABASE).isPresent()) {
                throw new IllegalArgumentException("TOM_REDIS_URL names database " + database + ", which " + description
                        + " does not have (" + e.getMessage() + "): use an index below its 'databases' setting"
                        + " (CONFIG GET databases; 16 by default)");
            }
        }
    }

    /**
     * Limits each node's pool to half the client slots the node has free, when the pool size would
     * take more: a Redis with a low {@code maxclients} keeps room for the workers and an operator's
     * redis-cli. Returns a line for the log per pool it limited; nothing when Redis cannot say
     * (unreachable now, or INFO refused by an ACL), in which case the pools stay as set.
     */
    public List<String> leaveRoomForOtherClients() {
        List<String> limited = new ArrayList<>();
        for (Pool<Connection> pool : primaries.get()) {
            Map<String, Long> clients;
            try {
                clients = withPool(pool, redis -> infoNumbers(redis.info("clients")));
            } catch (JedisException unknown) {
                continue;
            }
            Long max = clients.get("maxclients");
            Long connected = clients.get("connected_clients");
            if (max == null || connected == null) {
                continue;
            }
            int room = (int) Math.max(2, (max - connected) / 2);
            if (pool.getMaxTotal() > room) {
                limited.add("Redis allows " + max + " clients and " + connected + " are connected: this controller's"
                        + " pool is limited to " + room + " connections (of TOM_REDIS_POOL_SIZE " + pool.getMaxTotal()
                        + ") so that workers and operators can still connect; raise maxclients to lift it");
                pool.setMaxTotal(room);
                pool.setMaxIdle(room);
            }
        }
        return limited;
    }

    private static Map<String, Long> infoNumbers(String info) {
        Map<String, Long> numbers = new java.util.HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                try {
                    numbers.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).trim()));
                } catch (NumberFormatException notANumber) {
                    // a text field
                }
            }
        }
        return numbers;
    }

    /** Idempotent commands on one key (or one slot); retried once on a dead pooled connection. */
    public <T> T keyed(Function<UnifiedJedis, T> work) {
        try {
            return work.apply(client);
        } catch (JedisConnectionException e) {
            if (cluster || RedisRefusal.timedOut(e)) {
                throw e;
            }
            primaries.get().forEach(Pool::clear);
            return work.apply(client);
        }
    }

    /**
     * Idempotent reads of {@code key} (or its slot) on one connection whose socket waits until this
     * thread's {@link ReadDeadline} rather than the Redis timeout, when the deadline is later: for
     * reads whose Redis time grows with data another program wrote (an entry of hundreds of
     * megabytes), which the request's budget covers and one Redis timeout may not. Retried once
     * on a dead pooled connection, like {@link #keyed}.
     */
    public <T> T keyedUntilDeadline(String key, Function<Jedis, T> work) {
        try {
            return untilDeadline(key, work);
        } catch (JedisConnectionException e) {
            if (cluster || RedisRefusal.timedOut(e)) {
                throw e;
            }
            primaries.get().forEach(Pool::clear);
            return untilDeadline(key, work);
        }
    }

    private <T> T untilDeadline(String key, Function<Jedis, T> work) {
        Connection connection = cluster
                ? ((RedisClusterClient) client).getConnectionFromSlot(JedisClusterCRC16.getSlot(key))
                : primaries.get().get(0).getResource();
        Long deadline = ReadDeadline.current();
        long remaining = deadline == null ? 0 : (deadline - System.nanoTime()) / 1_000_000;
        return withSocketTimeout(connection, (int) Math.max(connection.getSoTimeout(),
                Math.min(remaining, Integer.MAX_VALUE)), work);
    }

    /**
     * {@code work} on a lent connection whose socket waits {@code timeoutMillis}; the connection goes
     * back with its own timeout, after a refusal too (a broken one is closed aside, not reused).
     */
    private <T> T withSocketTimeout(Connection connection, int timeoutMillis, Function<Jedis, T> work) {
        Jedis redis = new Jedis(connection);
        int configured = connection.getSoTimeout();
        T result;
        try {
            connection.setSoTimeout(timeoutMillis);
            result = work.apply(redis);
        } catch (RuntimeException e) {
            restoreTimeout(connection, configured);
            closeAside(redis);
            throw e;
        }
        restoreTimeout(connection, configured);
        redis.close();
        return result;
    }

    private static void restoreTimeout(Connection connection, int configured) {
        try {
            connection.setSoTimeout(configured);
        } catch (RuntimeException broken) {
            // a broken connection is not reused
        }
    }

    /**
     * Non-idempotent work through the client, run once: no retry here, and no connection check
     * first (a dead pooled connection fails the work). On a Redis Cluster it carries a job's
     * pipeline, which the cluster client sends once.
     */
    public <T> T keyedOnce(Function<UnifiedJedis, T> work) {
        return work.apply(client);
    }

    /**
     * True when every primary answers PING within {@code limit}, the wait for a connection
     * included: whether Redis is prompt, asked after a read overran its budget.
     */
    public boolean answersWithin(java.time.Duration limit) {
        long started = System.nanoTime();
        for (Pool<Connection> pool : primaries.get()) {
            Connection connection;
            try {
                // getResource, not borrowObject: only a connection it lends knows its way back to the pool
                connection = pool.getResource();
            } catch (RuntimeException none) {
                return false;
            }
            try {
                withSocketTimeout(connection, (int) Math.max(1, limit.toMillis()), Jedis::ping);
            } catch (RuntimeException slow) {
                return false;
            }
        }
        return System.nanoTime() - started <= limit.toNanos();
    }

    /** Idempotent work run on every primary node, one connection each, in turn. */
    public <T> List<T> onEachPrimary(Function<Jedis, T> work) {
        List<T> results = new ArrayList<>();
        for (Pool<Connection> pool : primaries.get()) {
            results.add(withPool(pool, work));
        }
        return results;
    }

    /** Non-idempotent work on the single primary (not on a cluster), run exactly once. */
    public <T> T withPrimaryOnce(Function<Jedis, T> work) {
        if (cluster) {
            throw new IllegalStateException("a Redis Cluster has no single primary");
        }
        Pool<Connection> pool = primaries.get().get(0);
        try (Jedis redis = liveConnection(pool)) {
            return work.apply(redis);
        }
    }

    private <T> T withPool(Pool<Connection> pool, Function<Jedis, T> work) {
        try {
            return run(pool, work);
        } catch (JedisConnectionException e) {
            if (RedisRefusal.timedOut(e)) {
                throw e;
            }
            pool.clear();
            return run(pool, work);
        }
    }

    private <T> T run(Pool<Connection> pool, Function<Jedis, T> work) {
        Jedis redis = new Jedis(pool.getResource());
        T result;
        try {
            result = work.apply(redis);
        } catch (RuntimeException e) {
            closeAside(redis);
            throw e;
        }
        redis.close();
        return result;
    }

    /**
     * Closes a connection the work failed on without waiting: the pool replaces a broken
     * connection as it is returned, opening the new one on the returning thread, and on a hung
     * Redis that replacement would hold the request for another whole timeout.
     */
    private void closeAside(Jedis redis) {
        try {
            closer.execute(redis::close);
        } catch (RejectedExecutionException stopping) {
            redis.close();
        }
    }

    private static Jedis liveConnection(Pool<Connection> pool) {
        Jedis redis = new Jedis(pool.getResource());
        try {
            redis.ping();
            return redis;
        } catch (JedisConnectionException e) {
            redis.close();
            if (RedisRefusal.timedOut(e)) {
                throw e;
            }
            pool.clear();
            return new Jedis(pool.getResource());
        }
    }

    /** The cluster's primaries: the nodes whose ROLE is master (replicas hold copies). */
    private static List<Pool<Connection>> clusterPrimaries(RedisClusterClient client) {
        List<Pool<Connection>> primaries = new ArrayList<>();
        for (Map.Entry<String, ? extends Pool<Connection>> node : client.getClusterNodes().entrySet()) {
            try (Jedis redis = new Jedis(node.getValue().getResource())) {
                if ("master".equals(String.valueOf(redis.role().get(0)))) {
                    primaries.add(node.getValue());
                }
            }
        }
        if (primaries.isEmpty()) {
            throw new JedisConnectionException("no Redis Cluster primary is reachable");
        }
        return primaries;
    }
}
