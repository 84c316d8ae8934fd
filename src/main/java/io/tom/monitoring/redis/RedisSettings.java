package io.tom.monitoring.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Where and how to reach Redis (pooled connections idle longer than {@code poolIdleTimeout} are
 * closed, so an idle controller does not hold Redis's connection slots; zero keeps them): one server (the URL), a Redis Cluster (its nodes; the URL then
 * gives only user, password and TLS) or the primary that Sentinels name (the URL gives user,
 * password, database and TLS of the data nodes). Values are checked as they are parsed; the
 * messages leave out the setting's name, which the caller knows.
 */
public record RedisSettings(URI url, List<HostAndPort> clusterNodes, List<HostAndPort> sentinels,
        String sentinelMaster, int timeoutMillis, int poolSize, Duration poolIdleTimeout, RedisTls tls) {

    /** How long an unused pooled connection stays open unless configured otherwise. */
    public static final Duration DEFAULT_POOL_IDLE_TIMEOUT = Duration.ofMinutes(5);

    public RedisSettings {
        clusterNodes = List.copyOf(clusterNodes);
        sentinels = List.copyOf(sentinels);
        if (tls.configured() && !JedisURIHelper.isRedisSSLScheme(url)) {
            throw new IllegalArgumentException("TOM_REDIS_TLS_CA, TOM_REDIS_TLS_CERT and TOM_REDIS_TLS_KEY apply to TLS:"
                    + " TOM_REDIS_URL must start with rediss://");
        }
    }

    /** A single Redis or a cluster, as the simulator writes to. */
    public static RedisSettings of(URI url, List<HostAndPort> clusterNodes, int timeoutMillis, int poolSize,
            RedisTls tls) {
        return new RedisSettings(url, clusterNodes, List.of(), "", timeoutMillis, poolSize, DEFAULT_POOL_IDLE_TIMEOUT,
                tls);
    }

    public boolean ssl() {
        return JedisURIHelper.isRedisSSLScheme(url);
    }

    public boolean cluster() {
        return !clusterNodes.isEmpty();
    }

    public boolean sentinel() {
        return !sentinels.isEmpty();
    }

    public int database() {
        return JedisURIHelper.getDBIndex(url);
    }

    /** A {@code redis://} or {@code rediss://} URL. */
    public static URI parseUrl(String url) {
        URI uri = null;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // reported below
        }
        if (uri != null && JedisURIHelper.isValid(uri)
                && (JedisURIHelper.isRedisScheme(uri) || JedisURIHelper.isRedisSSLScheme(uri))) {
            if (uri.getPort() == 0 || uri.getPort() > 65_535) {
                throw new IllegalArgumentException("has port " + uri.getPort() + ", which is not a port (1 to 65535),"
                        + " in '" + redact(url) + "'");
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (!path.isEmpty() && !path.equals("/") && !path.matches("/[0-9]{1,9}")) {
                throw new IllegalArgumentException("names the database '" + path.substring(1) + "', which is not a"
                        + " database index (a whole number: redis://host:port/0), in '" + redact(url) + "'");
            }
            return uri;
        }
        throw new IllegalArgumentException("must look like redis://[user:password@]host:port/db or rediss://...,"
                + " got '" + redact(url) + "'");
    }

    /** {@code host:port,...}; IPv6 hosts may be bracketed. */
    public static List<HostAndPort> parseNodes(String commaSeparated) {
        List<HostAndPort> nodes = new ArrayList<>();
        for (String node : commaSeparated.split(",")) {
            if (!node.isBlank()) {
                nodes.add(hostAndPort(node.trim()));
            }
        }
        return nodes;
    }

    /** Shown in logs instead of the URL, which may carry a password. */
    public String describe() {
        if (sentinel()) {
            return "primary '" + sentinelMaster + "' of Sentinels " + join(sentinels);
        }
        if (cluster()) {
            return "Redis Cluster via " + join(clusterNodes);
        }
        return url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() == -1 ? 6379 : url.getPort())
                + "/" + database();
    }

    /** Which credentials the URL gives, never what they are: "as user 'tom' with a password", "without a password". */
    public String describeCredentials() {
        String user = redis.clients.jedis.util.JedisURIHelper.getUser(url);
        String password = redis.clients.jedis.util.JedisURIHelper.getPassword(url);
        boolean hasPassword = password != null && !password.isEmpty();
        String as = user == null || user.isEmpty() ? "" : "as user '" + user + "' ";
        return as + (hasPassword ? "with a password" : "without a password");
    }

    private static String join(List<HostAndPort> nodes) {
        return String.join(",", nodes.stream().map(HostAndPort::toString).toList());
    }

    private static HostAndPort hostAndPort(String node) {
        int colon = node.lastIndexOf(':');
        try {
            if (colon > 0) {
                String host = node.substring(0, colon).replace("[", "").replace("]", "");
                return new HostAndPort(host, Integer.parseInt(node.substring(colon + 1)));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("holds host:port entries, got '" + node + "'");
    }

    private static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
