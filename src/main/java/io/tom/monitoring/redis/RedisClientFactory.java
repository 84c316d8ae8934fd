package io.tom.monitoring.redis;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.util.JedisURIHelper;

/** Builds the Redis client that {@link RedisSettings} describe, with the timeouts that bound every request. */
public final class RedisClientFactory {

    private RedisClientFactory() {
    }

    public static RedisConnections connect(RedisSettings settings) {
        if (settings.sentinel()) {
            return connectSentinel(settings);
        }
        URI uri = settings.url();
        if (!settings.cluster()) {
            return RedisConnections.standalone(RedisClient.builder()
                    .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                    .clientConfig(clientConfig(settings).database(settings.database()).build())
                    .poolConfig(poolConfig(settings))
                    .build(), settings.describe());
        }
        // start even while the cluster is unreachable, like the single-Redis client: scrapes report it
        System.setProperty(RedisClusterClient.INIT_NO_ERROR_PROPERTY, "true");
        return RedisConnections.cluster(RedisClusterClient.builder()
                .nodes(new LinkedHashSet<>(settings.clusterNodes()))
                .clientConfig(clientConfig(settings).build())
                .poolConfig(poolConfig(settings))
                .maxAttempts(2)
                .maxTotalRetriesDuration(Duration.ofMillis(2L * settings.timeoutMillis()))
                .build(), settings.describe());
    }

    /** The primary that the Sentinels name, followed across failovers. */
    private static RedisConnections connectSentinel(RedisSettings settings) {
        int timeoutMillis = settings.timeoutMillis();
        return RedisConnections.sentinel(RedisSentinelClient.builder()
                .masterName(settings.sentinelMaster())
                .sentinels(new LinkedHashSet<>(settings.sentinels()))
                .clientConfig(clientConfig(settings).database(settings.database()).build())
                // Sentinel connections speak RESP2; without this Jedis warns about it on every connect
                .sentinelClientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeoutMillis)
                        .socketTimeoutMillis(timeoutMillis).clientName("tom-monitoring")
                        .autoNegotiateProtocol(false).build())
                .poolConfig(poolConfig(settings))
                .build(), settings.describe());
    }

    private static DefaultJedisClientConfig.Builder clientConfig(RedisSettings settings) {
        URI uri = settings.url();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(settings.timeoutMillis())
                .socketTimeoutMillis(settings.timeoutMillis())
                .clientName("tom-monitoring")
                .ssl(settings.ssl());
        if (settings.ssl()) {
            // Redis's certificate must name the host, as for HTTPS; the CA and client certificate are the configured ones
            config.sslParameters(RedisTls.verifyingHostName()).sslSocketFactory(settings.tls().socketFactory());
        }
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

    private static ConnectionPoolConfig poolConfig(RedisSettings settings) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(0);
        // a scrape waiting for a free connection must still answer within the Redis timeout
        pool.setMaxWait(Duration.ofMillis(settings.timeoutMillis()));
        // dead idle connections are dropped by RedisConnections on first failure, not pinged on every borrow
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(false);
        pool.setJmxEnabled(false);
        Duration idle = settings.poolIdleTimeout();
        if (!idle.isZero()) {
            // unused connections are closed, so an idle controller does not hold Redis's client slots
            pool.setMinEvictableIdleDuration(idle);
            pool.setTimeBetweenEvictionRuns(idle.dividedBy(2).compareTo(Duration.ofSeconds(30)) < 0
                    ? idle.dividedBy(2) : Duration.ofSeconds(30));
            pool.setNumTestsPerEvictionRun(-1);
        }
        return pool;
    }
}
