package io.tom.monitoring.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.tom.monitoring.domain.DeviceShard;
import io.tom.monitoring.support.RedisCluster;
import io.tom.monitoring.support.RedisServer;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/**
 * {@code bench/shards.sh}: the scrape on a 3-primary Redis Cluster started here, at 50,000 and
 * 200,000 devices with one controller and at 1,000,000 devices split across 8 sharded
 * controllers scraped one after another. Each controller is the jar started as users start it
 * (the README's JVM options), alone on the machine while it is measured. For each: median scrape
 * time against its own floor (the same SCANs on every primary and the reads of that shard's
 * records, from one Jedis client per primary, building nothing; each scrape alternates with its
 * floor), samples and bytes, peak used heap and RSS. Results go to stdout and bench/shards.md.
 */
public final class ShardBenchmark {

    private record Scale(int workers, int devices, int shards) {
    }

    private static final List<Scale> SCALES = List.of(new Scale(100, 50_000, 1), new Scale(200, 200_000, 1),
            new Scale(1000, 1_000_000, 8));
    private static final int WARMUP = 2;
    private static final int RUNS = 7;
    private static final int SCAN_COUNT = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> jvmOptions;
    private final StringBuilder report = new StringBuilder();

    private ShardBenchmark(List<String> jvmOptions) {
        this.jvmOptions = jvmOptions;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path results = Path.of(args[1]).toAbsolutePath();
        new ShardBenchmark(List.of(args[2].trim().split("\\s+"))).run(jar, results);
    }

    private void run(Path jar, Path results) throws Exception {
        report.append("# Sharded controllers on a Redis Cluster\n\nProduced by `bench/shards.sh` on ")
                .append(Instant.now()).append(".\n\nMachine: ").append(ScrapeBenchmark.machine()).append("\n\n")
                .append("A 3-primary Redis Cluster (no replicas) on this machine, written with the same synthetic fleet\n")
                .append("as bench/run.sh (leases for one device in five, unrelated keys, streams at their caps). Each\n")
                .append("controller runs as `java ").append(String.join(" ", jvmOptions))
                .append(" -jar target/tom-monitoring.jar` with `TOM_REDIS_CLUSTER_NODES`,\n")
                .append("alone while it is measured: ").append(WARMUP).append(" warm-up scrapes, then ").append(RUNS)
                .append(" scrapes, each followed by its floor: one Jedis client per primary\n")
                .append("reading the same keys the same way (SCAN COUNT ").append(SCAN_COUNT)
                .append(" over every key, one pipeline per page for the shard's\n")
                .append("hashes and leases, and for shard 0 the workers' hashes and heartbeats), building nothing; the\n")
                .append("floor leaves out the few fixed keys and the job history's pipeline. Sharded controllers are\n")
                .append("scraped one after another, as one Prometheus would, each on its own machine in production.\n")
                .append("Scrapes are timed as the client reading the body into a buffer kept between requests sees them\n")
                .append("(`ScrapeClient`, as in bench/RESULTS.md).\n\n");
        System.out.print(report);
        try (RedisCluster cluster = RedisCluster.start(3); RedisClusterClient client = cluster.client()) {
            for (Scale scale : SCALES) {
                cluster.flushAll();
                Instant start = Instant.now();
                try (AbstractPipeline pipeline = client.pipelined(); Jedis any = new Jedis(hostAndPort(cluster.nodes().get(0)))) {
                    SyntheticFleet.write(pipeline, Long.parseLong(any.time().get(0)), scale.workers(), scale.devices(), 42);
                }
                System.out.printf("%,d devices: fleet written in %d s (keys per primary %s)%n", scale.devices(),
                        Duration.between(start, Instant.now()).toSeconds(), cluster.keysPerNode());
                measure(jar, cluster, scale);
            }
        }
        Files.writeString(results, report.toString());
        System.out.println("\nwritten to " + results);
    }

    private void measure(Path jar, RedisCluster cluster, Scale scale) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format("## %,d devices, %d workers, %s%n%n", scale.devices(), scale.workers(),
                scale.shards() == 1 ? "one controller" : scale.shards() + " shards"));
        out.append("| shard | scrape median | floor median | ratio to floor | samples | bytes | peak heap | RSS |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        double scrapeSum = 0;
        double floorSum = 0;
        long samplesSum = 0;
        for (int shard = 0; shard < scale.shards(); shard++) {
            DeviceShard part = new DeviceShard(shard, scale.shards());
            int port = RedisServer.freePort();
            Process controller = start(jar, cluster, port, part);
            ScrapeBenchmark.HeapSampler heap = ScrapeBenchmark.HeapSampler.start(controller.pid());
            List<Jedis> primaries = new ArrayList<>();
            try {
                for (String node : cluster.nodes()) {
                    primaries.add(new Jedis(hostAndPort(node)));
                }
                List<Double> scrapes = new ArrayList<>();
                List<Double> floors = new ArrayList<>();
                ScrapeClient client = new ScrapeClient();
                for (int i = 0; i < WARMUP + RUNS; i++) {
                    long t0 = System.nanoTime();
                    int status = scrape(client, port);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (status != 200 || !client.holds("\ntom_redis_up 1.0")) {
                        throw new IllegalStateException("shard " + part.describe() + " answered " + status
                                + " without the fleet; see target/bench-shard.log");
                    }
                    t0 = System.nanoTime();
                    for (Jedis primary : primaries) {
                        FloorReader.readShard(primary, SCAN_COUNT, part);
                    }
                    double floorMs = (System.nanoTime() - t0) / 1e6;
                    if (i >= WARMUP) {
                        scrapes.add(ms);
                        floors.add(floorMs);
                    }
                }
                String body = client.text();
                long bytes = client.length();
                long samples = body.lines().filter(l -> !l.startsWith("#")).count();
                double scrape = median(scrapes);
                double floor = median(floors);
                scrapeSum += scrape;
                floorSum += floor;
                samplesSum += samples;
                Map<String, Long> memory = ScrapeBenchmark.procStatus(controller.pid());
                String row = String.format("| %s | %.0f ms | %.0f ms | %.2fx | %,d | %,d | %d MB | %d MB |%n",
                        scale.shards() == 1 ? "all" : String.valueOf(shard), scrape, floor, scrape / floor, samples, bytes,
                        heap.stop() / 1024, memory.getOrDefault("VmHWM", 0L) / 1024);
                out.append(row);
                System.out.print(row);
            } finally {
                heap.stop();
                primaries.forEach(Jedis::close);
                controller.destroy();
                controller.waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (scale.shards() > 1) {
            out.append(String.format("| sum | %.0f ms | %.0f ms | %.2fx | %,d | | | |%n", scrapeSum, floorSum,
                    scrapeSum / floorSum, samplesSum));
            out.append(String.format("%nPrometheus scrapes the shards in parallel: the slowest one bounds the scrape"
                    + " timeout the job needs. The sum, %.2f us per device, is more than one controller's cost per"
                    + " device because every shard SCANs every key (most of each shard's floor).%n",
                    scrapeSum * 1000 / scale.devices()));
        } else {
            out.append(String.format("%nTime per device: %.2f us.%n", scrapeSum * 1000 / scale.devices()));
        }
        out.append("\n");
        report.append(out);
        System.out.print(out);
    }

    private Process start(Path jar, RedisCluster cluster, int port, DeviceShard shard) throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/bench-shard.log").toAbsolutePath().toFile());
        builder.environment().putAll(Map.of("TOM_REDIS_CLUSTER_NODES", cluster.nodesSetting(),
                "TOM_HTTP_PORT", String.valueOf(port), "TOM_HTTP_HOST", "127.0.0.1", "TOM_TRIM_INTERVAL", "1h",
                "TOM_LOG_LEVEL", "WARN", "TOM_METRICS_SHARD", String.valueOf(shard.shard()),
                "TOM_METRICS_TOTAL_SHARDS", String.valueOf(shard.total())));
        Process controller = builder.start();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return controller;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        controller.destroy();
        throw new IllegalStateException("the controller did not become ready; see target/bench-shard.log");
    }

    private static int scrape(ScrapeClient client, int port) throws IOException {
        // as Prometheus with a 30 s scrape timeout, so the budget is not what is measured
        return client.get("http://127.0.0.1:" + port + "/api/metrics", Map.of("X-Prometheus-Scrape-Timeout-Seconds", "30"));
    }

    private static redis.clients.jedis.HostAndPort hostAndPort(String node) {
        return redis.clients.jedis.HostAndPort.from(node);
    }

    private static double median(List<Double> values) {
        return ScrapeBenchmark.percentile(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0.5);
    }
}
