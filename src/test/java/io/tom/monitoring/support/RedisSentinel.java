package io.tom.monitoring.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;

/** A real Redis Sentinel on a free loopback port, the only one watching its primary (quorum 1). */
public final class RedisSentinel implements AutoCloseable {

    public static final String MASTER = "tom-primary";

    private final int port;
    private final Process process;
    private final Path dir;

    private RedisSentinel(int port, Process process, Path dir) {
        this.port = port;
        this.process = process;
        this.dir = dir;
    }

    /** Watches the primary on {@code primaryPort}; declares it down after {@code downAfterMillis}. */
    public static RedisSentinel watch(int primaryPort, long downAfterMillis) {
        try {
            int port = RedisServer.freePort();
            Path dir = Files.createTempDirectory("tom-sentinel-");
            Path config = dir.resolve("sentinel.conf");
            Files.writeString(config, "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\n"
                    + "sentinel monitor " + MASTER + " 127.0.0.1 " + primaryPort + " 1\n"
                    + "sentinel down-after-milliseconds " + MASTER + " " + downAfterMillis + "\n"
                    + "sentinel failover-timeout " + MASTER + " 10000\n");
            Process process = new ProcessBuilder(ExternalTool.find("redis-server", "redis-server"), config.toString(),
                    "--sentinel").redirectErrorStream(true).redirectOutput(dir.resolve("sentinel.log").toFile()).start();
            RedisSentinel sentinel = new RedisSentinel(port, process, dir);
            sentinel.await("name its primary", client -> client.sentinelGetMasterAddrByName(MASTER).size() == 2);
            return sentinel;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start a Redis Sentinel for the test", e);
        }
    }

    /** {@code 127.0.0.1:<port>}, as TOM_REDIS_SENTINELS takes it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** The port of the primary the Sentinel names now. */
    public int primaryPort() {
        try (Jedis client = new Jedis("127.0.0.1", port)) {
            List<String> address = client.sentinelGetMasterAddrByName(MASTER);
            return Integer.parseInt(address.get(1));
        }
    }

    /** Waits until the Sentinel has discovered the replica on {@code replicaPort} (it asks the primary every 10 s). */
    public void awaitReplica(int replicaPort) {
        await("discover the replica on port " + replicaPort, client -> client.sentinelReplicas(MASTER).stream()
                .map(Map::entrySet).anyMatch(fields -> fields.stream().anyMatch(
                        field -> field.getKey().equals("port") && field.getValue().equals(String.valueOf(replicaPort)))));
    }

    /** Waits until the Sentinel names the server on {@code port} as the primary. */
    public void awaitPrimary(int port) {
        await("promote the server on port " + port, client -> Integer.parseInt(
                client.sentinelGetMasterAddrByName(MASTER).get(1)) == port);
    }

    private void await(String what, Predicate<Jedis> done) {
        Awaitility.await("the Sentinel to " + what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
                    try (Jedis client = new Jedis("127.0.0.1", port)) {
                        return done.test(client);
                    }
                });
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempFiles.delete(dir);
    }
}
