package io.tom.monitoring.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/**
 * A real three-primary Redis Cluster on loopback ports ({@code redis-server --cluster-enabled
 * yes}, joined with {@code redis-cli --cluster create}), for the tests that must show the
 * controller works on one.
 */
public final class RedisCluster implements AutoCloseable {

    private final List<Process> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private Path dir;

    private RedisCluster() {
    }

    public static RedisCluster start(int primaries) throws IOException, InterruptedException {
        RedisCluster cluster = new RedisCluster();
        Path dir = Files.createTempDirectory("tom-redis-cluster-");
        cluster.dir = dir;
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < primaries; i++) {
            int port = RedisServer.freePort();
            Path nodeDir = Files.createDirectories(dir.resolve("node-" + port));
            cluster.ports.add(port);
            cluster.nodes.add(new ProcessBuilder(ExternalTool.find("redis-server", "redis-server"),
                    "--port", String.valueOf(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                    "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(), "--dir", nodeDir.toString(),
                    "--save", "", "--appendonly", "no", "--logfile", nodeDir.resolve("redis.log").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            addresses.add("127.0.0.1:" + port);
        }
        for (int port : cluster.ports) {
            awaitPing(port);
        }
        List<String> create = new ArrayList<>(List.of(ExternalTool.find("redis-cli", "redis-tools"), "--cluster",
                "create"));
        create.addAll(addresses);
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process join = new ProcessBuilder(create).redirectErrorStream(true).start();
        String output = new String(join.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!join.waitFor(60, TimeUnit.SECONDS) || join.exitValue() != 0) {
            cluster.close();
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
        }
        cluster.awaitClusterOk();
        return cluster;
    }

    public List<String> nodes() {
        return ports.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    public String nodesSetting() {
        return String.join(",", nodes());
    }

    public RedisClusterClient client() {
        Set<HostAndPort> seeds = new HashSet<>();
        ports.forEach(p -> seeds.add(new HostAndPort("127.0.0.1", p)));
        return RedisClusterClient.create(seeds);
    }

    /** FLUSHALL on every primary. */
    public void flushAll() {
        for (int port : ports) {
            try (Jedis node = new Jedis("127.0.0.1", port)) {
                node.flushAll();
            }
        }
    }

    /** Keys held by each primary (DBSIZE), to show the fleet is spread over the nodes. */
    public List<Long> keysPerNode() {
        List<Long> sizes = new ArrayList<>();
        for (int port : ports) {
            try (Jedis node = new Jedis("127.0.0.1", port)) {
                sizes.add(node.dbSize());
            }
        }
        return sizes;
    }

    @Override
    public void close() {
        nodes.forEach(Process::destroyForcibly);
        for (Process node : nodes) {
            try {
                node.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TempFiles.delete(dir);
    }

    private void awaitClusterOk() {
        Awaitility.await("cluster_state:ok").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    for (int port : ports) {
                        try (Jedis node = new Jedis("127.0.0.1", port)) {
                            if (!node.clusterInfo().contains("cluster_state:ok")) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
    }

    private static void awaitPing(int port) {
        Await.until(() -> {
            try (Jedis node = new Jedis("127.0.0.1", port)) {
                return "PONG".equals(node.ping());
            }
        }, Duration.ofSeconds(10));
    }
}
