package io.tom.monitoring.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.tom.monitoring.support.RedisServer;
import redis.clients.jedis.Jedis;

/**
 * {@code bench/run.sh}: the scrape path and the stats summary at three fleet sizes, against a
 * throwaway redis-server and the controller jar started as users start it (the README's JVM options). For each
 * scale, after warm-up: median and p99 wall time over repeated requests, Redis round trips,
 * samples and bytes, the controller's peak heap and RSS, and the floor (the same client reading
 * the same data without building a response) with each figure's ratio to it. At the largest
 * scale it also runs eight concurrent scrapes. Results go to stdout and bench/RESULTS.md.
 */
public final class ScrapeBenchmark {

    /** @param concurrent scrapes sent at once in the concurrency check (0: none at this scale) */
    private record Scale(String name, int workers, int devices, int runs, int concurrent) {
    }

    private record Timing(double medianMs, double p99Ms) {
        static Timing of(List<Double> millis) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Timing(percentile(sorted, 0.5), percentile(sorted, 0.99));
        }
    }

    /** From this size on, the scrape is also timed as java.net.http.HttpClient receives it. */
    private static final int HTTP_CLIENT_SHOWN_FROM = 50_000;

    private static final List<Scale> SCALES = List.of(
            new Scale("10 workers / 100 devices", 10, 100, 50, 0),
            new Scale("50 workers / 5,000 devices", 50, 5_000, 30, 0),
            new Scale("100 workers / 50,000 devices", 100, 50_000, 30, 8),
            new Scale("200 workers / 200,000 devices", 200, 200_000, 15, 2));
    private static final int WARMUP = 5;
    private static final int SCAN_COUNT = 1000;

    /** The earlier rounds' client, kept to show what it adds at 50,000 devices and more. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScrapeClient scrapeClient = new ScrapeClient();
    private final ScrapeClient summaryClient = new ScrapeClient();
    private final StringBuilder report = new StringBuilder();
    /** The controller's JVM options: the README's, unless bench/run.sh is told otherwise. */
    private final List<String> jvmOptions;
    private int port;
    private Process controller;

    private ScrapeBenchmark(List<String> jvmOptions) {
        this.jvmOptions = jvmOptions;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/tom-monitoring.jar").toAbsolutePath();
        Path results = Path.of(args.length > 1 ? args[1] : "bench/RESULTS.md").toAbsolutePath();
        List<String> jvmOptions = List.of((args.length > 2 ? args[2] : "-Xmx512m").trim().split("\\s+"));
        new ScrapeBenchmark(jvmOptions).run(jar, results);
    }

    private void run(Path jar, Path results) throws Exception {
        try (RedisServer redisServer = RedisServer.startOnFreePort(); Jedis redis = new Jedis("127.0.0.1", redisServer.port())) {
            port = RedisServer.freePort();
            startController(jar, redisServer);
            header();
            for (Scale scale : SCALES) {
                redis.flushAll();
                Instant start = Instant.now();
                SyntheticFleet.write(redis, scale.workers(), scale.devices(), 42);
                System.out.printf("%s: fleet written in %d ms (%d keys)%n", scale.name(),
                        Duration.between(start, Instant.now()).toMillis(), redis.dbSize());
                awaitHistoryCaughtUp();
                measure(scale, redis);
            }
            linearity();
            report.append(ConsumerBenchmark.measure(redis, this::consumed));
        } finally {
            if (controller != null) {
                controller.destroy();
                controller.waitFor(20, TimeUnit.SECONDS);
            }
        }
        Files.writeString(results, report.toString());
        System.out.println("\nwritten to " + results);
    }

    private void startController(Path jar, RedisServer redisServer) throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(Path.of("target/bench-controller.log").toAbsolutePath().toFile());
        builder.environment().putAll(Map.of("TOM_REDIS_URL", redisServer.url(), "TOM_HTTP_PORT", String.valueOf(port),
                "TOM_HTTP_HOST", "127.0.0.1", "TOM_TRIM_INTERVAL", "1h", "TOM_LOG_LEVEL", "WARN"));
        controller = builder.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (scrapeClient.get(url("/observe/health/live")) == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the controller did not start; see target/bench-controller.log");
    }

    /** The fleet's 10,000 metrics-stream events are aggregated before its scrapes are timed. */
    private void awaitHistoryCaughtUp() throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (!fetch(scrapeClient, "/api/metrics").text().contains("\ntom_job_events_lag 0.0")) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the job history did not catch up; see target/bench-controller.log");
            }
            Thread.sleep(200);
        }
    }

    private long consumed() {
        try {
            return (long) Double.parseDouble(fetch(scrapeClient, "/api/metrics").text().lines()
                    .filter(l -> l.startsWith("tom_job_events_consumed_total ")).findFirst().orElse("x 0").split(" ")[1]);
        } catch (Exception e) {
            return 0;
        }
    }

    /** Scrape median and floor median per scale, for the linearity summary. */
    private final Map<Scale, double[]> medians = new java.util.LinkedHashMap<>();

    private void measure(Scale scale, Jedis redis) throws Exception {
        HeapSampler heap = HeapSampler.start(controller.pid());
        try {
            List<Double> scrapes = new ArrayList<>();
            List<Double> summaries = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            List<Double> floorStats = new ArrayList<>();
            long bytes = 0;
            long samples = 0;
            long roundTrips = 0;
            long summaryBytes = 0;
            int floorTrips = 0;
            int floorStatsTrips = 0;
            // each request and its floor alternate, so both see the same machine, caches and Redis state
            for (int i = 0; i < WARMUP + scale.runs(); i++) {
                boolean counted = i >= WARMUP;
                long t0 = System.nanoTime();
                fetch(scrapeClient, "/api/metrics");
                double ms = (System.nanoTime() - t0) / 1e6;

                t0 = System.nanoTime();
                floorTrips = FloorReader.readAll(redis, SCAN_COUNT, false);
                double floorMs = (System.nanoTime() - t0) / 1e6;

                t0 = System.nanoTime();
                fetch(summaryClient, "/api/monitoring/stats/summary");
                double summaryMs = (System.nanoTime() - t0) / 1e6;

                t0 = System.nanoTime();
                floorStatsTrips = FloorReader.readAll(redis, SCAN_COUNT, true);
                double floorStatsMs = (System.nanoTime() - t0) / 1e6;
                if (counted) {
                    scrapes.add(ms);
                    floor.add(floorMs);
                    summaries.add(summaryMs);
                    floorStats.add(floorStatsMs);
                }
            }
            // the last timed answers, read once the timing is over: parsing 73 MB of text between
            // timed requests left this JVM's garbage collector running into the next one
            String body = scrapeClient.text();
            bytes = scrapeClient.length();
            samples = body.lines().filter(l -> !l.startsWith("#")).count();
            roundTrips = (long) Double.parseDouble(body.lines().filter(l -> l.startsWith("tom_scrape_redis_round_trips "))
                    .findFirst().orElseThrow().split(" ")[1]);
            summaryBytes = summaryClient.length();
            long tomSamples = fetch(scrapeClient, "/api/metrics").text().lines().filter(l -> l.startsWith("tom_")).count();
            String concurrentLine = scale.concurrent() > 0 ? concurrentScrapes(scale.concurrent()) : null;
            if (scale.devices() >= HTTP_CLIENT_SHOWN_FROM) {
                String clientLine = byHttpClient(scale, redis);
                concurrentLine = concurrentLine == null ? clientLine : clientLine + ".\n\n" + concurrentLine;
            }
            long peakHeapMb = heap.stop() / 1024;
            Map<String, Long> memory = procStatus(controller.pid());

            Timing scrape = Timing.of(scrapes);
            Timing summary = Timing.of(summaries);
            Timing floorScrape = Timing.of(floor);
            Timing floorSummary = Timing.of(floorStats);
            medians.put(scale, new double[] {scrape.medianMs(), floorScrape.medianMs()});
            row(scale, scrape, summary, floorScrape, floorSummary, roundTrips, floorTrips, floorStatsTrips, samples,
                    tomSamples, bytes, summaryBytes, peakHeapMb, memory, concurrentLine);
        } finally {
            heap.stop();
        }
    }

    /** The same scrapes as the earlier rounds' client received them, each alternating with its floor read. */
    private String byHttpClient(Scale scale, Jedis redis) {
        List<Double> scrapes = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        for (int i = 0; i < scale.runs(); i++) {
            long t0 = System.nanoTime();
            require(getBytes("/api/metrics"));
            scrapes.add((System.nanoTime() - t0) / 1e6);
            t0 = System.nanoTime();
            FloorReader.readAll(redis, SCAN_COUNT, false);
            floor.add((System.nanoTime() - t0) / 1e6);
        }
        double median = Timing.of(scrapes).medianMs();
        double floorMedian = Timing.of(floor).medianMs();
        return String.format("The same scrapes as `java.net.http.HttpClient` receives them (the body handed over as one array;"
                + " the earlier rounds' client), %d more, each alternating with a floor read: median %.1f ms against %.1f ms,"
                + " %.2fx the floor", scale.runs(), median, floorMedian, median / floorMedian);
    }

    private String concurrentScrapes(int concurrent) throws Exception {
        List<Double> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        for (int round = 0; round < 3; round++) {
            List<CompletableFuture<Double>> scrapes = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                scrapes.add(CompletableFuture.supplyAsync(() -> {
                    long t0 = System.nanoTime();
                    try {
                        ScrapeClient client = new ScrapeClient();
                        if (client.get(url("/api/metrics")) != 200 || !client.text().contains("tom_redis_up 1.0")) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    return (System.nanoTime() - t0) / 1e6;
                }));
            }
            for (CompletableFuture<Double> scrape : scrapes) {
                latencies.add(scrape.get());
            }
        }
        Timing timing = Timing.of(latencies);
        boolean outOfMemory = Files.readString(Path.of("target/bench-controller.log")).contains("OutOfMemoryError");
        return String.format("%d concurrent scrapes x 3 rounds: %d errors (a 503 or a scrape without the fleet counts as one);"
                + " latency median %.0f ms, p99 %.0f ms, max %.0f ms; OutOfMemoryError in the controller's log: %s",
                concurrent, errors.get(), timing.medianMs(), timing.p99Ms(),
                latencies.stream().mapToDouble(d -> d).max().orElse(0), outOfMemory ? "yes" : "none");
    }

    /** Time per device at each scale, against the 50,000-device scale's: the scrape's cost should grow no faster than the fleet. */
    private void linearity() {
        Scale reference = SCALES.get(2);
        double referencePerDevice = medians.get(reference)[0] / reference.devices();
        StringBuilder out = new StringBuilder("## Linearity\n\n");
        out.append("| devices | scrape median | floor median | ratio to floor | time per device | per device, against 50,000 |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Map.Entry<Scale, double[]> scale : medians.entrySet()) {
            if (scale.getKey().devices() < reference.devices()) {
                continue;
            }
            double perDevice = scale.getValue()[0] / scale.getKey().devices();
            out.append(String.format("| %,d | %.1f ms | %.1f ms | %.2fx | %.2f us | %.2fx |%n", scale.getKey().devices(),
                    scale.getValue()[0], scale.getValue()[1], scale.getValue()[0] / scale.getValue()[1],
                    perDevice * 1000, perDevice / referencePerDevice));
        }
        out.append("\n");
        report.append(out);
        System.out.print(out);
    }

    /** The other benchmarks write their own files beside this one (bench/README.md). */
    static final String OTHER_RESULTS = "The other benchmarks' figures are beside this file: [footprint.md](footprint.md)"
            + " (start-up CPU and idle memory, with and without the class-data-sharing archive),\n"
            + "[health-check.md](health-check.md) (what one container health probe costs),"
            + " [oversized-entries.md](oversized-entries.md)\n(what reading huge failed-command entries costs Redis) and"
            + " [shards.md](shards.md) (50,000, 200,000 and 1,000,000 devices\non a 3-primary Redis Cluster, the last"
            + " split across 8 sharded controllers).\n\n";

    private void header() throws Exception {
        report.append("# Benchmark results\n\n");
        report.append("Produced by `bench/run.sh` on ").append(Instant.now()).append(".\n\n");
        report.append(OTHER_RESULTS);
        report.append("Machine: ").append(machine()).append("\n\n");
        report.append("The controller runs as `java ").append(String.join(" ", jvmOptions))
                .append(" -jar target/tom-monitoring.jar`, Redis (a throwaway\n")
                .append("`redis-server`) on the same machine. Each fleet has streams at their caps (10,000 and 1,000\n")
                .append("entries), a lease set for one device in five (one live, one expired lease each), SAQ queues,\n")
                .append("and unrelated keys (cache entries, SAQ job hashes) the scan must skip. Times are wall times\n")
                .append("seen by an HTTP client reading each body into a buffer kept between requests, as Prometheus\n")
                .append("and `curl -o` do (`ScrapeClient`), after ").append(WARMUP).append(" warm-up requests. The floor is the same\n")
                .append("Jedis client reading the same keys the same way (SCAN COUNT ").append(SCAN_COUNT)
                .append(", one pipeline per page,\nthe same commands, the job history's and the queue timings' pipelines) without building\n")
                .append("anything; each request alternates with its floor read, so both see the same machine and Redis state.\n")
                .append("The job history families are on: each fleet's 10,000 metrics-stream events are aggregated\n")
                .append("before its scrapes are timed.\n\n");
        System.out.print(report);
    }

    private void row(Scale scale, Timing scrape, Timing summary, Timing floorScrape, Timing floorSummary, long trips,
            int floorTrips, int floorStatsTrips, long samples, long tomSamples, long bytes, long summaryBytes,
            long peakHeapMb, Map<String, Long> memory, String concurrentLine) {
        StringBuilder out = new StringBuilder();
        out.append("## ").append(scale.name()).append("\n\n");
        out.append("| | median | p99 | floor median | ratio to floor | Redis round trips (floor) | output |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        out.append(String.format("| `GET /api/metrics` | %.1f ms | %.1f ms | %.1f ms | %.2fx | %d (%d) | %,d samples (%,d tom_*), %,d bytes |%n",
                scrape.medianMs(), scrape.p99Ms(), floorScrape.medianMs(), scrape.medianMs() / floorScrape.medianMs(),
                trips, floorTrips, samples, tomSamples, bytes));
        out.append(String.format("| `GET /api/monitoring/stats/summary` | %.1f ms | %.1f ms | %.1f ms | %.2fx | (%d) | %,d bytes |%n",
                summary.medianMs(), summary.p99Ms(), floorSummary.medianMs(),
                summary.medianMs() / floorSummary.medianMs(), floorStatsTrips, summaryBytes));
        out.append(String.format("%nController memory over this scale's requests: peak heap used %d MB (of 512 MB max),"
                + " RSS %d MB, peak RSS since start %d MB.%n", peakHeapMb, memory.getOrDefault("VmRSS", 0L) / 1024,
                memory.getOrDefault("VmHWM", 0L) / 1024));
        if (concurrentLine != null) {
            out.append("\n").append(concurrentLine).append(".\n");
        }
        out.append("\n");
        report.append(out);
        System.out.print(out);
    }

    static String machine() throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        long cores = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
        String redis = firstLine("redis-server", "--version");
        return String.format("%d cores (%s), %d GiB RAM; Java %s; %s", cores, cpu, memKb / 1024 / 1024,
                System.getProperty("java.version"), redis);
    }

    private static String firstLine(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            return r.readLine();
        } finally {
            p.waitFor();
        }
    }

    static Map<String, Long> procStatus(long pid) throws IOException {
        Map<String, Long> values = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS") || line.startsWith("VmHWM")) {
                values.put(line.substring(0, 5), Long.parseLong(line.replaceAll("\\D", "")));
            }
        }
        return values;
    }

    private static void require(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode());
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A timed request: GET with {@code client}, which holds the body afterwards; anything but 200 stops the benchmark. */
    private ScrapeClient fetch(ScrapeClient client, String path) throws IOException {
        int status = client.get(url(path));
        if (status != 200) {
            throw new IllegalStateException(path + " answered " + status);
        }
        return client;
    }

    private HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Samples the controller's used heap with jstat every 100 ms and keeps the maximum (KB). */
    static final class HeapSampler {
        private final Process jstat;
        private final AtomicLong maxKb = new AtomicLong();
        private final Thread reader;

        private HeapSampler(Process jstat) {
            this.jstat = jstat;
            this.reader = new Thread(this::read, "jstat-reader");
            this.reader.setDaemon(true);
            this.reader.start();
        }

        static HeapSampler start(long pid) throws IOException {
            return new HeapSampler(new ProcessBuilder("jstat", "-gc", String.valueOf(pid), "100").start());
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
                List<String> header = null;
                String line;
                while ((line = r.readLine()) != null) {
                    List<String> columns = Arrays.asList(line.trim().split("\\s+"));
                    if (columns.contains("EU")) {
                        header = columns;
                    } else if (header != null && columns.size() == header.size()) {
                        double used = 0;
                        for (String name : List.of("S0U", "S1U", "EU", "OU")) {
                            used += Double.parseDouble(columns.get(header.indexOf(name)));
                        }
                        long kb = (long) used;
                        maxKb.accumulateAndGet(kb, Math::max);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // the sampler ends with the measurement
            }
        }

        long stop() {
            jstat.destroy();
            return maxKb.get();
        }
    }
}
