package io.tom.monitoring.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import io.tom.monitoring.TomSettings;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;

/** Builds the Redis client from {@code TOM_REDIS_URL}, with the timeouts that bound every scrape. */
public final class RedisClientFactory {

    private RedisClientFactory() {
    }

    public static RedisClient create(TomSettings settings) {
        return create(settings.redisUrl(), settings.redisTimeoutMillis(), settings.redisPoolSize());
    }

    public static RedisClient create(String url, int timeoutMillis, int poolSize) {
        URI uri = parse(url);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .clientName("tom-monitoring")
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .database(JedisURIHelper.getDBIndex(uri));
        String user = JedisURIHelper.getUser(uri);
        String password = JedisURIHelper.getPassword(uri);
        if (user != null && !user.isEmpty()) {
            config.user(user);
        }
        if (password != null && !password.isEmpty()) {
            config.password(password);
        }
        HostAndPort address = JedisURIHelper.getHostAndPort(uri);
        return RedisClient.builder()
                .hostAndPort(address)
                .clientConfig(config.build())
                .poolConfig(poolConfig(timeoutMillis, poolSize))
                .build();
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
