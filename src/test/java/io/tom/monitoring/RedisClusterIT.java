package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tom.monitoring.api.DeviceStatsResponder;
import io.tom.monitoring.api.StatsSummaryResponder;
import io.tom.monitoring.fleet.DeviceStatsReader;
import io.tom.monitoring.fleet.FailedCommandsReader;
import io.tom.monitoring.fleet.OversizedEntries;
import io.tom.monitoring.fleet.FeedLossReader;
import io.tom.monitoring.fleet.FleetSnapshotReader;
import io.tom.monitoring.fleet.ActiveJobsReader;
import io.tom.monitoring.fleet.QueueTimings;
import io.tom.monitoring.history.DurationBuckets;
import io.tom.monitoring.history.JobEventConsumer;
import io.tom.monitoring.history.JobHistoryReader;
import io.tom.monitoring.metrics.ShownDevices;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.JobEvents;
import io.tom.monitoring.metrics.DeviceSeriesLimit;
import io.tom.monitoring.metrics.PrometheusScrapeResponder;
import io.tom.monitoring.metrics.ScrapeBudget;
import io.tom.monitoring.metrics.TomFleetCollector;
import io.tom.monitoring.domain.DeviceShard;
import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.simulator.SimulateCommand;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisCluster;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import io.tom.monitoring.domain.JobOutcome;
import io.tom.monitoring.writer.TomWriter;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.params.XAddParams;

/**
 * The controller on a real three-primary Redis Cluster (TOM_REDIS_CLUSTER_NODES): the same fleet
 * written to the cluster and to a single Redis gives the same scrape and the same API answers;
 * trimming, the writer and the simulator work on the cluster too.
 */
class RedisClusterIT extends TomApplicationTestSupport {

    /** The readers' threads for the single Redis the cluster is compared with. */
    private static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newCachedThreadPool();
    private static final DurationBuckets BUCKETS = DurationBuckets.parse("0.5,1,2.5,5,10,30,60,120,300,600");

    private static RedisCluster cluster;
    private RedisClusterClient clusterClient;

    @Override
    protected Map<String, String> settings() {
        try {
            cluster = RedisCluster.start(3);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start a Redis Cluster for the test", e);
        }
        return Map.of("tom.redis.cluster-nodes", cluster.nodesSetting(), "tom.trim.interval", "200ms");
    }

    @AfterAll
    static void stopCluster() {
        THREADS.shutdownNow();
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void cleanBoth() {
        cluster.flushAll();
        redis.flushAll();
        if (clusterClient == null) {
            clusterClient = cluster.client();
        }
    }

    @Test
    void theScrapeOnTheClusterEqualsTheScrapeOfTheSameFleetOnOneRedis() throws Exception {
        writeFleet(new TomFleetFixture(clusterClient));
        writeFleet(new TomFleetFixture(redis));
        assertTrue(cluster.keysPerNode().stream().allMatch(n -> n > 20), "keys spread over all primaries: "
                + cluster.keysPerNode());

        awaitBothHistoriesCaughtUp(RedisConnections.standalone(redis));
        Map<String, Double> onCluster = fleetSamples(scrape());
        Map<String, Double> onOneRedis = fleetSamples(Exposition.parse(scrapeOfSingleRedis()));
        assertEquals(onOneRedis, onCluster);
        assertTrue(onCluster.size() > 250, "a real fleet: " + onCluster.size() + " samples");
    }

    @Test
    void theApiOnTheClusterAnswersAsOnOneRedis() throws Exception {
        writeFleet(new TomFleetFixture(clusterClient));
        writeFleet(new TomFleetFixture(redis));
        RedisConnections single = RedisConnections.standalone(redis);
        FleetSnapshotReader reader = new FleetSnapshotReader(single, List.of("default"), 1000, THREADS);
        FailedCommandsReader failures = new FailedCommandsReader(single, 5000,
                new OversizedEntries(new io.micrometer.core.instrument.simple.SimpleMeterRegistry().counter("reads")));

        JobHistoryReader history = new JobHistoryReader(single, BUCKETS);
        awaitBothHistoriesCaughtUp(single);
        assertEquals(MultiControllerIT.withoutQueueLatency(json(new StatsSummaryResponder(reader, history,
                        new QueueTimings(single, List.of("default"))), Map.of())),
                MultiControllerIT.withoutQueueLatency(Json.parse(get("/api/monitoring/stats/summary").body())));
        for (String device : List.of("2001:db8::1", "10.0.0.6", "2001:db8::4", "edge-5.example.net")) {
            assertEquals(json(new DeviceStatsResponder(new DeviceStatsReader(single), failures, history), Map.of("device", device)),
                    Json.parse(get("/api/monitoring/device_stats/" + device).body()), device);
        }
        assertEquals(404, get("/api/monitoring/device_stats/192.0.2.1").statusCode());
        JsonNode failed = Json.parse(get("/api/monitoring/failed_commands?device=2001:db8::1&limit=1000").body());
        assertEquals(redis.xrange("tom:failed_commands", "-", "+").stream()
                .filter(e -> "2001:db8::1".equals(e.getFields().get("device"))).count(), failed.get("total").asLong());
        assertEquals(2, Json.parse(get("/api/monitoring/workers").body()).get("total").asInt());

        // the job's JSON and the active list live in different slots
        clusterClient.set("saq:job:default:cluster-active", "{\"function\": \"run_command\", \"key\": \"cluster-active\","
                + " \"started\": " + (System.currentTimeMillis() - 50_000) + ", \"timeout\": 10,"
                + " \"kwargs\": {\"json\": \"{\\\"host\\\": \\\"10.0.0.6\\\", \\\"port\\\": 22}\"}}");
        clusterClient.rpush("saq:default:active", "saq:job:default:cluster-active");
        JsonNode active = Json.parse(get("/api/monitoring/active_jobs").body());
        assertEquals(1, active.get("total").asInt(), active.toString());
        assertEquals("10.0.0.6", active.at("/jobs/0/host").asText(), active.toString());
        assertTrue(active.at("/jobs/0/overdue").asBoolean(), active.toString());
    }

    @Test
    void trimmingKeepsTheClusterStreamsWithinTheirLimits() throws Exception {
        for (int i = 0; i < 1200; i++) {
            clusterClient.xadd("tom:failed_commands", XAddParams.xAddParams(), Map.of("device", "d", "error_type", "auth",
                    "command", "c", "error", "e"));
        }
        io.tom.monitoring.support.Await.until(() -> clusterClient.xlen("tom:failed_commands") == 1000,
                java.time.Duration.ofSeconds(20));
    }

    @Test
    void theWriterAndTheSimulatorWorkOnTheCluster() {
        TomWriter writer = new TomWriter(RedisConnections.cluster(clusterClient));
        writer.recordJob(JobOutcome.failure("worker-1", "2001:db8::9", ErrorType.TIMEOUT, "job-1", "show version",
                "timed out", "cred-1", 1, 3.0, 1_795_000_000L));
        assertEquals(Map.of("failed", "1", "timeout_failed", "1"), clusterClient.hgetAll("tom:stats:device:2001:db8::9"));
        assertEquals(1, clusterClient.xlen("tom:failed_commands"));

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = SimulateCommand.run(new String[] {"--workers", "3", "--devices", "30", "--rate", "40",
                "--duration", "3s", "--cluster-nodes", cluster.nodesSetting()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, output.toString(StandardCharsets.UTF_8));
        Map<String, String> global = clusterClient.hgetAll("tom:stats:global");
        long jobs = Long.parseLong(global.get("complete")) + Long.parseLong(global.getOrDefault("failed", "0"));
        assertTrue(output.toString(StandardCharsets.UTF_8).contains("simulate: done, " + (jobs - 1) + " jobs written"),
                output.toString(StandardCharsets.UTF_8));
        Exposition exposition = scrape();
        assertEquals((double) jobs, exposition.value(Exposition.series("tom_jobs_total", "worker", "all", "device",
                "all", "status", "success", "error_type", "none")) + exposition.value(Exposition.series(
                "tom_jobs_total", "worker", "all", "device", "all", "status", "failed", "error_type", "all")));
        assertEquals(3.0, exposition.value("tom_workers_active"));
    }

    @Test
    void theConsumerOnTheClusterAggregatesEveryEventOnceInTheStreamsSlot() {
        JobEvents events = new JobEvents(clusterClient, JobEvents.DEFAULT_BOUNDS);
        for (int i = 0; i < 300; i++) {
            events.add("worker-" + (i % 4), "2001:db8::" + (i % 11), i % 6 == 0 ? "failed" : "success",
                    i % 6 == 0 ? "network" : "none", String.valueOf(i % 17 * 0.75));
        }
        Await.until(() -> Double.valueOf(events.written()).equals(scrape().value("tom_job_events_consumed_total")),
                Duration.ofSeconds(30));
        Exposition exposition = scrape();
        assertEquals(events.histogramSamples(), exposition.samplesStartingWith("tom_job_duration_seconds"));
        assertEquals(events.lastTimestamps(true),
                exposition.samplesStartingWith("tom_device_last_success_timestamp_seconds"));
        assertEquals(0.0, exposition.value("tom_job_events_lag"));
    }

    private static void writeFleet(TomFleetFixture fleet) {
        double now = 1_795_000_000;
        fleet.goldenFleet(now, now);
        for (int d = 0; d < 60; d++) {
            String device = d % 3 == 0 ? "10.0.0." + d : d % 3 == 1 ? "2001:db8::" + Integer.toHexString(d)
                    : "edge-" + d + ".example.net";
            fleet.deviceStats(device, Map.of("complete", 100 + d, "failed", d % 7, "timeout_failed", d % 7));
            fleet.lease(device, 22, "job-" + d, now + (d % 2 == 0 ? 1e6 : -1e6));
            if (d % 7 != 0) {
                fleet.failedCommandAt(1_900_000_000_000L + d * 1000L, "worker-abc123", device, "timeout", "job-" + d,
                        "show run", "timed out");
            }
        }
    }

    /** Both consume their metrics streams first: the cluster's controller, and one here for the single Redis. */
    private void awaitBothHistoriesCaughtUp(RedisConnections single) {
        JobEventConsumer singleConsumer = new JobEventConsumer(single, BUCKETS, "test", 500, Duration.ofSeconds(30),
                Duration.ofDays(7), false);
        Await.until(() -> singleConsumer.poll() == 0 && Double.valueOf(0).equals(scrape().value("tom_job_events_lag"))
                && scrape().value("tom_job_events_consumed_total") > 0, Duration.ofSeconds(20));
    }

    private static Map<String, Double> fleetSamples(Exposition exposition) {
        Map<String, Double> samples = new TreeMap<>(exposition.samplesStartingWith("tom_"));
        // event times are the stream ids' milliseconds, which differ between the two fleets' writes
        // and the cluster's controller saw the previous test's flush, a data reset it reports; the
        // Micrometer-counted families exist only beside a controller's registry, not this bare collector's
        samples.keySet().removeIf(k -> k.startsWith("tom_scrape_") || k.startsWith("tom_stream_trimmed")
                || k.startsWith("tom_oversized_entry_reads")
                || k.startsWith("tom_device_last_") || k.startsWith("tom_queue_latency_seconds")
                || k.startsWith("tom_redis_data_resets"));
        return samples;
    }

    /**
     * Three shards of one fleet (issue: sharded controllers): every series of the unsharded
     * scrape comes from exactly one shard with the same value, each device's from the shard its id
     * hashes to, and no shard adds a series. The controller's own series (Redis up, errors, scrape
     * figures, build, malformed records) describe each controller's read: the malformed records add
     * up to the unsharded count.
     */
    @Test
    void theUnionOfThreeShardsIsTheUnshardedScrapeOfA20000DeviceFleet() throws Exception {
        TomFleetFixture fixture = new TomFleetFixture(clusterClient);
        double now = fixture.redisTime();
        fixture.goldenFleet(now, now);
        List<String> devices = new java.util.ArrayList<>();
        try (redis.clients.jedis.AbstractPipeline pipeline = clusterClient.pipelined()) {
            for (int d = 0; d < 20_000; d++) {
                String device = d % 3 == 0 ? "10." + (d >> 16) + "." + ((d >> 8) & 255) + "." + (d & 255)
                        : d % 3 == 1 ? "2001:db8::" + Integer.toHexString(d) : "sw-" + d + ".dc" + (d % 7) + ".example.net";
                devices.add(device);
                Map<String, String> fields = new java.util.HashMap<>(Map.of("complete", String.valueOf(d % 1000)));
                if (d % 4 == 0) {
                    fields.put("failed", String.valueOf(d % 13 + 1));
                    fields.put("timeout_failed", String.valueOf(d % 13 + 1));
                }
                pipeline.hset("tom:stats:device:" + device, fields);
                if (d % 5 == 0) {
                    pipeline.zadd("device_lease:" + device + ":22", now + 600, "job-" + d);
                }
            }
            // a reserved id and a malformed count: each counted once, by the shard that reads it
            pipeline.hset("tom:stats:device:all", Map.of("complete", "1"));
            pipeline.hset("tom:stats:device:bad-count", Map.of("complete", "5", "failed", "not-a-number"));
            pipeline.sync();
        }
        JobEvents events = new JobEvents(clusterClient, JobEvents.DEFAULT_BOUNDS);
        for (int i = 0; i < 3000; i++) {
            events.add("worker-" + (i % 4), devices.get(i * 7 % devices.size()), i % 5 == 0 ? "failed" : "success",
                    i % 5 == 0 ? "timeout" : "none", "1.5");
        }
        // the golden fleet's own events come first
        Await.until(() -> scrape().value("tom_job_events_consumed_total") >= events.written()
                && Double.valueOf(0).equals(scrape().value("tom_job_events_lag")), Duration.ofSeconds(60));

        Map<String, Double> whole = scrape().samplesStartingWith("tom_");
        List<Map<String, Double>> shards = new java.util.ArrayList<>();
        for (int shard = 0; shard < 3; shard++) {
            shards.add(Exposition.parse(scrapeOfCluster(new DeviceShard(shard, 3))).samplesStartingWith("tom_"));
        }

        Map<String, Double> union = new TreeMap<>();
        Map<String, Integer> shardOfDevice = new java.util.HashMap<>();
        for (int shard = 0; shard < 3; shard++) {
            for (Map.Entry<String, Double> sample : shards.get(shard).entrySet()) {
                if (isControllersOwn(sample.getKey())) {
                    continue;
                }
                Double before = union.put(sample.getKey(), sample.getValue());
                assertEquals(null, before, sample.getKey() + " is exported by two shards");
                String device = deviceOf(sample.getKey());
                if (device != null && !device.equals("all")) {
                    Integer other = shardOfDevice.put(device, shard);
                    assertTrue(other == null || other == shard, device + " is in shards " + other + " and " + shard);
                }
            }
        }
        Map<String, Double> expected = new TreeMap<>(whole);
        expected.keySet().removeIf(RedisClusterIT::isControllersOwn);
        // the Micrometer-counted families exist only beside a controller's registry, not a bare collector's
        expected.keySet().removeIf(k -> k.startsWith("tom_stream_trimmed") || k.startsWith("tom_oversized_entry_reads"));
        // ages on the Redis clock move between the scrapes: their series are compared, not their values
        for (String age : List.of("tom_queue_latency_seconds", "tom_queue_oldest_active_seconds")) {
            assertEquals(keysStartingWith(expected, age), keysStartingWith(union, age));
            expected.keySet().removeIf(k -> k.startsWith(age));
            union.keySet().removeIf(k -> k.startsWith(age));
        }
        assertEquals(expected, union);
        assertTrue(union.size() > 30_000, "a real fleet: " + union.size() + " series");

        assertTrue(shardOfDevice.keySet().containsAll(devices) && shardOfDevice.containsKey("bad-count"),
                "every device has series");
        // the 20,000 and the golden fleet's own devices
        shardOfDevice.forEach((device, shard) -> assertEquals(DeviceShard.of(device, 3), shard, device));
        for (String kind : List.of("stats", "heartbeat", "lease", "queue", "stream", "event", "history")) {
            String series = Exposition.series("tom_malformed_records", "kind", kind);
            assertEquals(whole.get(series), shards.stream().mapToDouble(s -> s.get(series)).sum(), series);
        }
        assertEquals(2.0, whole.get(Exposition.series("tom_malformed_records", "kind", "stats")), "all and bad-count");
    }

    /** What each controller says of its own read, not of the fleet. */
    private static boolean isControllersOwn(String series) {
        return series.startsWith("tom_redis_up") || series.startsWith("tom_redis_errors")
                || series.startsWith("tom_scrape_") || series.startsWith("tom_build_info")
                || series.startsWith("tom_malformed_records");
    }

    private static java.util.Set<String> keysStartingWith(Map<String, Double> samples, String prefix) {
        return samples.keySet().stream().filter(k -> k.startsWith(prefix)).collect(java.util.stream.Collectors.toSet());
    }

    private static final java.util.regex.Pattern DEVICE_LABEL = java.util.regex.Pattern.compile("[{,]device=\"([^\"]*)\"");

    private static String deviceOf(String series) {
        java.util.regex.Matcher m = DEVICE_LABEL.matcher(series);
        return m.find() ? m.group(1) : null;
    }

    /** One shard's exposition, from a collector on the cluster (no Micrometer families). */
    private String scrapeOfCluster(DeviceShard shard) throws Exception {
        RedisConnections onCluster = RedisConnections.cluster(clusterClient);
        FleetSnapshotReader reader = new FleetSnapshotReader(onCluster, List.of("default"), 1000, THREADS);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new TomFleetCollector(reader, DeviceSeriesLimit.unlimited(), new ShownDevices(onCluster, reader,
                DeviceSeriesLimit.unlimited(), Duration.ofMinutes(10), "test"), new JobHistoryReader(onCluster, BUCKETS),
                new QueueTimings(onCluster, List.of("default")), new ActiveJobsReader(onCluster, List.of("default"),
                Duration.ofSeconds(30)), new FeedLossReader(onCluster), THREADS, onCluster.refusals(), shard));
        return exposition(registry);
    }

    private String scrapeOfSingleRedis() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        RedisConnections single = RedisConnections.standalone(redis);
        FleetSnapshotReader reader = new FleetSnapshotReader(single, List.of("default"), 1000, THREADS);
        registry.register(new TomFleetCollector(reader, DeviceSeriesLimit.unlimited(), new ShownDevices(single, reader,
                DeviceSeriesLimit.unlimited(), Duration.ofMinutes(10), "test"), new JobHistoryReader(single, BUCKETS),
                new QueueTimings(single, List.of("default")), new ActiveJobsReader(single, List.of("default"),
                Duration.ofSeconds(30)), new FeedLossReader(single), THREADS, single.refusals(), DeviceShard.WHOLE_FLEET));
        return exposition(registry);
    }

    /** The registry's text exposition as the scrape path writes it. */
    private String exposition(PrometheusRegistry registry) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader("Accept", "text/plain");
        exchange.getMessage().setHeader(ScrapeBudget.PROMETHEUS_TIMEOUT_HEADER, "30");
        new PrometheusScrapeResponder(registry, 1, new ScrapeBudget(Optional.empty())).process(exchange);
        return exchange.getMessage().getBody(io.vertx.core.buffer.Buffer.class).toString(StandardCharsets.UTF_8);
    }

    private JsonNode json(org.apache.camel.Processor responder, Map<String, String> headers) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        headers.forEach(exchange.getMessage()::setHeader);
        responder.process(exchange);
        ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        return mapper.readTree(mapper.writeValueAsString(exchange.getMessage().getBody()));
    }
}
