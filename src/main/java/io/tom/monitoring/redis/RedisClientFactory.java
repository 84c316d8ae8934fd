package io.tom.monitoring.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tom.monitoring.TomSettings;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Builds the Redis client from {@code TOM_REDIS_URL} (or {@code TOM_REDIS_CLUSTER_NODES}), with the
 * timeouts that bound every scrape.
 */
public final class RedisClientFactory {

    private RedisClientFactory() {
    }

    public static RedisConnections connect(TomSettings settings) {
        if (!settings.redisSentinels().isEmpty()) {
            if (!settings.redisClusterNodes().isEmpty()) {
                throw new IllegalArgumentException("Set TOM_REDIS_CLUSTER_NODES or TOM_REDIS_SENTINELS, not both");
            }
            return connectSentinel(settings.redisUrl(), settings.redisSentinels(), settings.redisSentinelMaster(),
                    settings.redisTimeoutMillis(), settings.redisPoolSize());
        }
        return connect(settings.redisUrl(), settings.redisClusterNodes(), settings.redisTimeoutMillis(),
                settings.redisPoolSize());
    }

    /**
     * The primary that the Sentinels at {@code sentinels} name for {@code master}, followed across
     * failovers. The URL gives the credentials, database and TLS of the data nodes.
     */
    public static RedisConnections connectSentinel(String url, List<String> sentinels, String master, int timeoutMillis,
            int poolSize) {
        if (master.isEmpty()) {
            throw new IllegalArgumentException("TOM_REDIS_SENTINEL_MASTER must name the monitored primary");
        }
        URI uri = parse(url);
        Set<HostAndPort> addresses = new LinkedHashSet<>();
        for (String sentinel : sentinels) {
            addresses.add(hostAndPort(sentinel, "TOM_REDIS_SENTINELS"));
        }
        return RedisConnections.sentinel(RedisSentinelClient.builder()
                .masterName(master)
                .sentinels(addresses)
                .clientConfig(clientConfig(uri, timeoutMillis).database(JedisURIHelper.getDBIndex(uri)).build())
                // Sentinel connections speak RESP2; without this Jedis warns about it on every connect
                .sentinelClientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeoutMillis)
                        .socketTimeoutMillis(timeoutMillis).clientName("tom-monitoring")
                        .autoNegotiateProtocol(false).build())
                .poolConfig(poolConfig(timeoutMillis, poolSize))
                .build());
    }

    /**
     * A client for {@code url}, or for the Redis Cluster reached through {@code clusterNodes} when
     * that list is not empty (the URL then gives only the credentials and TLS).
     */
    public static RedisConnections connect(String url, List<String> clusterNodes, int timeoutMillis, int poolSize) {
        URI uri = parse(url);
        if (clusterNodes.isEmpty()) {
            return RedisConnections.standalone(RedisClient.builder()
                    .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                    .clientConfig(clientConfig(uri, timeoutMillis).database(JedisURIHelper.getDBIndex(uri)).build())
                    .poolConfig(poolConfig(timeoutMillis, poolSize))
                    .build());
        }
        if (JedisURIHelper.getDBIndex(uri) != 0) {
            throw new IllegalArgumentException("A Redis Cluster has only database 0; TOM_REDIS_URL selects database "
                    + JedisURIHelper.getDBIndex(uri));
        }
        // start even while the cluster is unreachable, like the single-Redis client: scrapes report it
        System.setProperty(RedisClusterClient.INIT_NO_ERROR_PROPERTY, "true");
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (String node : clusterNodes) {
            nodes.add(hostAndPort(node, "TOM_REDIS_CLUSTER_NODES"));
        }
        return RedisConnections.cluster(RedisClusterClient.builder()
                .nodes(nodes)
                .clientConfig(clientConfig(uri, timeoutMillis).build())
                .poolConfig(poolConfig(timeoutMillis, poolSize))
                .maxAttempts(2)
                .maxTotalRetriesDuration(Duration.ofMillis(2L * timeoutMillis))
                .build());
    }

    /** Shown in logs instead of the URL, which may carry a password. */
    public static String describe(String url, List<String> clusterNodes) {
        return clusterNodes.isEmpty() ? describe(url) : "Redis Cluster via " + String.join(",", clusterNodes);
    }

    public static String describe(TomSettings settings) {
        if (!settings.redisSentinels().isEmpty()) {
            return "primary '" + settings.redisSentinelMaster() + "' of Sentinels " + String.join(",",
                    settings.redisSentinels());
        }
        return describe(settings.redisUrl(), settings.redisClusterNodes());
    }

    private static DefaultJedisClientConfig.Builder clientConfig(URI uri, int timeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .clientName("tom-monitoring")
                .ssl(JedisURIHelper.isRedisSSLScheme(uri));
        String user = JedisURIHelper.getUser(uri);
        String password = JedisURIHelper.getPassword(uri);
        if (user != null && !user.isEmpty()) {
            config.user(user);
        }
        if (password != null && !password.isEmpty()) {
            config.password(password);
        }
        return config;
    }

    private static HostAndPort hostAndPort(String node, String setting) {
        String value = node.trim();
        int colon = value.lastIndexOf(':');
        try {
            if (colon > 0) {
                String host = value.substring(0, colon).replace("[", "").replace("]", "");
                return new HostAndPort(host, Integer.parseInt(value.substring(colon + 1)));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(setting + " holds host:port entries, got '" + node + "'");
    }

    /** Shown in logs instead of the URL, which may carry a password. */
    public static String describe(String url) {
        URI uri = parse(url);
        return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() == -1 ? 6379 : uri.getPort())
                + "/" + JedisURIHelper.getDBIndex(uri);
    }

    private static ConnectionPoolConfig poolConfig(int timeoutMillis, int poolSize) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMinIdle(0);
        // a scrape waiting for a free connection must still answer within the Redis timeout
        pool.setMaxWait(Duration.ofMillis(timeoutMillis));
        // dead idle connections are dropped by RedisConnections on first failure, not pinged on every borrow
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(false);
        pool.setJmxEnabled(false);
        return pool;
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (!JedisURIHelper.isValid(uri) || !(JedisURIHelper.isRedisScheme(uri) || JedisURIHelper.isRedisSSLScheme(uri))) {
                throw new IllegalArgumentException("TOM_REDIS_URL must look like redis://[user:password@]host:port/db"
                        + " or rediss://..., got '" + redact(url) + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("TOM_REDIS_URL is not a valid URL: '" + redact(url) + "'", e);
        }
    }

    private static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
