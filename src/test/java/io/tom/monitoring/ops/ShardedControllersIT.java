package io.tom.monitoring.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.TomController;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.PrometheusProcess;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded controllers against the real thing: one Prometheus scrapes the unsharded controller, a
 * second one three shards of the same fleet, both with the shipped recording and alert rules.
 * Every dashboard query, recording rule and docs/queries.md cookbook query gives the same series
 * with the same values on both, so the dashboard, rules and alerts need nothing changed for shards.
 */
class ShardedControllersIT extends TomApplicationTestSupport {

    private static final int SHARDS = 3;

    @TempDir
    Path dir;

    @Test
    void threeShardsGiveTheDashboardRulesAndCookbookTheUnshardedFigures() throws Exception {
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        fleet.goldenFleet(now, now);
        for (int d = 0; d < 300; d++) {
            String device = d % 2 == 0 ? "10.1." + (d / 256) + "." + (d % 256) : "edge-" + d + ".example.net";
            fleet.deviceStats(device, d % 4 == 0 ? Map.of("complete", 40 + d, "failed", 1 + d % 5, "auth_failed",
                    1 + d % 5) : Map.of("complete", 40 + d));
            if (d % 3 == 0) {
                fleet.lease(device, 22, "job-" + d, now + 600);
            }
            fleet.metricsEvent((long) now - d, "worker-abc123", device, d % 4 == 0 ? "failed" : "success",
                    d % 4 == 0 ? "auth" : "none");
        }
        // the history is aggregated (by the unsharded controller here) before anything is compared
        Await.until(() -> Double.valueOf(0).equals(scrape().value("tom_job_events_lag"))
                && scrape().value("tom_job_events_consumed_total") >= 300, Duration.ofSeconds(30));

        List<TomController> shards = new ArrayList<>();
        List<Integer> shardPorts = new ArrayList<>();
        try {
            for (int shard = 0; shard < SHARDS; shard++) {
                int port = RedisServer.freePort();
                shardPorts.add(port);
                shards.add(new TomController(Map.of("tom.redis.url", redisServer.url(), "tom.http.port",
                        String.valueOf(port), "tom.http.host", "127.0.0.1", "tom.metrics.shard", String.valueOf(shard),
                        "tom.metrics.total-shards", String.valueOf(SHARDS), "tom.history.consumer-name", "shard-" + shard,
                        "tom.trim.enabled", "false")).start());
            }
            try (PrometheusProcess unsharded = PrometheusProcess.withShippedRules(
                    Files.createDirectories(dir.resolve("unsharded")), httpPort, null);
                    PrometheusProcess sharded = PrometheusProcess.withShippedRules(
                            Files.createDirectories(dir.resolve("sharded")), shardPorts, null)) {
                // every target scraped a few times, and every rule evaluated, on both
                Await.until(() -> unsharded.scalar("count_over_time(tom_redis_up[1m])") >= 5
                        && sharded.scalar("min(count_over_time(tom_redis_up[1m]))") >= 5
                        && sharded.scalar("count(tom_redis_up)") == SHARDS, Duration.ofSeconds(60));

                List<String> queries = new ArrayList<>(PrometheusEndToEndIT.dashboardQueries());
                queries.addAll(PrometheusEndToEndIT.cookbookQueries());
                queries.addAll(PrometheusEndToEndIT.recordedSeries());
                queries.removeIf(ShardedControllersIT::describesEachController);
                // on a busy machine a scrape or a rule evaluation can miss its 1 s interval on one side,
                // leaving a series stale or not yet recorded for a moment: the figures must agree once
                // both have caught up
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertEquals(List.of(), differences(unsharded, sharded, queries)));
                List<String> compared = queries.stream()
                        .filter(query -> !vector(unsharded, query, Instant.now().getEpochSecond() - 2).isEmpty())
                        .toList();
                assertTrue(compared.size() >= 30, "queries with data on both: " + compared.size() + " " + compared);
                String devices = "count(count by (device) (tom_jobs_total{device!=\"all\"}))";
                assertTrue(unsharded.scalar(devices) >= 300, "the fleet's devices: " + unsharded.scalar(devices));
                assertEquals(unsharded.scalar(devices), sharded.scalar(devices), "every device, over the shards");
                String rows = "count(tom_jobs_total{device!=\"all\",status=\"success\"})";
                assertEquals(unsharded.scalar(devices), sharded.scalar(rows), "no device in two shards");
            }
        } finally {
            shards.forEach(TomController::close);
        }
    }

    /** Each query whose series differ between the two, at one moment both have scraped past. */
    private static List<String> differences(PrometheusProcess unsharded, PrometheusProcess sharded,
            List<String> queries) {
        // the fleet is static, so a scrape later changes nothing
        long at = Instant.now().getEpochSecond() - 2;
        List<String> differences = new ArrayList<>();
        for (String query : queries) {
            Map<String, Double> one = vector(unsharded, query, at);
            Map<String, Double> three = vector(sharded, query, at);
            if (!one.equals(three)) {
                differences.add(query + "\n  unsharded: " + one + "\n  3 shards:  " + three);
            }
        }
        return differences;
    }

    /**
     * The controller's own series (one per controller: three shards have three) and ages on the
     * Redis clock (each Prometheus scraped at its own moment).
     */
    private static boolean describesEachController(String query) {
        return query.contains("tom_scrape_") || query.contains("tom_redis_up") || query.contains("tom_redis_errors")
                || query.contains("tom_build_info") || query.contains("up{") || query.contains("up ==")
                || query.contains("tom_malformed_records") || query.contains("tom_queue_latency_seconds")
                || query.contains("tom_queue_oldest_active_seconds") || query.contains("process_")
                || query.contains("jvm_") || query.contains("camel_");
    }

    /** An instant query's series at {@code at}, keyed by their labels without instance. */
    private static Map<String, Double> vector(PrometheusProcess prometheus, String query, long at) {
        Map<String, Double> series = new TreeMap<>();
        JsonNode answer = prometheus.api("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&time=" + at);
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError(query + " -> " + answer);
        }
        for (JsonNode sample : answer.path("data").path("result")) {
            TreeMap<String, String> labels = new TreeMap<>();
            sample.path("metric").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            labels.remove("instance");
            series.put(labels.toString(), sample.path("value").get(1).asDouble());
        }
        return series;
    }
}
