package io.tom.monitoring.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.simulator.FleetSimulator;
import io.tom.monitoring.simulator.SimulatorOptions;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.ExternalTool;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof against the real thing: a real Prometheus (Debian's package) scrapes two controllers
 * of one Redis every second while the simulator drives a fleet into it, with the project's
 * recording and alert rules loaded. Every dashboard query, every recording rule and every
 * docs/queries.md cookbook query is evaluated through Prometheus's HTTP API and must give the figure one
 * controller alone gives, not twice it; the fleet's counters Prometheus holds are compared with
 * the truth in Redis.
 */
class PrometheusEndToEndIT extends TomApplicationTestSupport {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Duration RUN = Duration.ofSeconds(25);
    /** What {@code $__rate_interval} means in Grafana for a 1 s scrape, generously. */
    private static final String RATE_INTERVAL = "15s";

    @TempDir
    static Path prometheusDir;

    private static Process prometheus;
    private static ControllerProcess second;
    private int secondPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private String prometheusUrl;

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void dashboardRulesAndCookbookGiveTheTrueFiguresWithTwoControllers() throws Exception {
        secondPort = RedisServer.freePort();
        second = ControllerProcess.start(prometheusDir, Map.of("TOM_REDIS_URL", redisServer.url(),
                "TOM_HTTP_PORT", String.valueOf(secondPort), "TOM_HTTP_HOST", "127.0.0.1"));
        second.awaitHealthy(secondPort, Duration.ofSeconds(60));
        int prometheusPort = RedisServer.freePort();
        prometheusUrl = "http://127.0.0.1:" + prometheusPort;
        Files.writeString(prometheusDir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                  - %s
                scrape_configs:
                  - job_name: tom-controller
                    metrics_path: /api/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d', '127.0.0.1:%d']
                """.formatted(ROOT.resolve("monitoring/recording-rules.yml"), ROOT.resolve("monitoring/alerts.yml"),
                httpPort, secondPort));
        prometheus = new ProcessBuilder(ExternalTool.find("prometheus", "prometheus"),
                "--config.file=" + prometheusDir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + prometheusDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(prometheusDir.resolve("prometheus.log").toFile()).start();

        FleetSimulator simulator = new FleetSimulator(new SimulatorOptions(4, 30, 40, 0.2, 0, Duration.ZERO,
                redisServer.url(), List.of(), "default"), RedisConnections.standalone(redis),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        CompletableFuture<Void> simulation = CompletableFuture.runAsync(() -> {
            try {
                simulator.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // until Prometheus holds enough scrapes and rule evaluations for every query to have data
        Await.until(() -> scalar("count_over_time(tom_redis_up[1m])") >= 15, Duration.ofSeconds(60));
        try {
            Await.until(() -> problems().isEmpty(), Duration.ofSeconds(60));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below, query by query
        }
        assertEquals(List.of(), problems());
        assertEquals(List.of(), doubledFigures(), "every figure is one controller's, not the sum of both");

        simulator.stop();
        simulation.get(30, TimeUnit.SECONDS);
        Map<String, String> global = redis.hgetAll("tom:stats:global");
        double complete = Double.parseDouble(global.get("complete"));
        double failed = Double.parseDouble(global.get("failed"));
        double truth = complete / (complete + failed);
        String fleetSuccessRatio = "sum(tom_jobs_total{worker=\"all\",device=\"all\",status=\"success\"})"
                + " / sum(tom_jobs_total{worker=\"all\",device=\"all\",error_type=~\"none|all\"})";
        // the simulator has stopped: wait for a scrape taken after its last job
        Await.until(() -> Math.abs(scalar(fleetSuccessRatio) - truth) <= 1e-12, Duration.ofSeconds(30));
        assertEquals(truth, scalar(fleetSuccessRatio), 1e-12, "the scraped counters are Redis's, to the last digit");
        // the counters Prometheus holds are Redis's, once: both controllers serve them, the queries keep one copy
        double jobs = complete + failed;
        String fleetJobs = "sum(avg without (instance) (tom_jobs_total{worker=\"all\",device=\"all\",error_type=~\"none|all\"}))";
        Await.until(() -> scalar(fleetJobs) == jobs, Duration.ofSeconds(30));
        assertEquals(2 * jobs, scalar("sum(tom_jobs_total{worker=\"all\",device=\"all\",error_type=~\"none|all\"})"),
                "Prometheus does hold two copies, which a plain sum would double");
        double recorded = scalar("tom:fleet_success_ratio:rate5m");
        // a windowed ratio, not the cumulative one: it leaves out the jobs before Prometheus's first
        // scrape, and the simulator's share of device-busy failures shifts as the run goes (0.024 seen
        // on a loaded machine), so it tracks the truth, not to the digit
        assertEquals(truth, recorded, 0.05, "the 5m rate ratio tracks the fleet's success ratio");
    }

    /**
     * Every dashboard and cookbook query evaluated as Prometheus sees both controllers, against the
     * same query restricted to each controller in turn: the figure must lie between the two
     * controllers' own figures (they differ only by when each was scraped), where a figure that
     * added up the copies would be twice as high.
     */
    private List<String> doubledFigures() throws Exception {
        List<String> doubled = new ArrayList<>();
        List<String> queries = new ArrayList<>(dashboardQueries());
        queries.addAll(cookbookQueries());
        for (String query : queries) {
            // controller health is per controller; a threshold or a top-k may pick different series
            // on two scrape schedules
            if (query.contains("count(") || query.contains("topk(") || query.contains("bottomk(")
                    || query.contains("tom_scrape_") || query.contains("tom_redis_up") || query.contains(" > ")
                    || query.contains(" < ") || query.contains("==") || query.contains(" unless ")
                    || query.contains("histogram_quantile")) {
                continue;
            }
            long at = Instant.now().getEpochSecond();
            Map<String, Double> both = vector(query, at);
            Map<String, Double> first = vector(onlyInstance(query, "127.0.0.1:" + httpPort), at);
            Map<String, Double> other = vector(onlyInstance(query, "127.0.0.1:" + secondPort), at);
            for (Map.Entry<String, Double> series : both.entrySet()) {
                double value = series.getValue();
                Double a = first.get(series.getKey());
                Double b = other.get(series.getKey());
                if (a == null || b == null || Double.isNaN(value)) {
                    continue;
                }
                double slack = 1e-9 * Math.max(1, Math.abs(value));
                if (value < Math.min(a, b) - slack || value > Math.max(a, b) + slack) {
                    doubled.add(query + " " + series.getKey() + ": " + value + " with two controllers, " + a
                            + " and " + b + " from each");
                }
            }
        }
        return doubled;
    }

    /** The query with every tom_* selector restricted to one controller. */
    static String onlyInstance(String query, String instance) {
        Matcher m = Pattern.compile("\\b(tom_[a-z_]+)(\\{)?").matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String selector = m.group(2) == null ? m.group(1) + "{instance=\"" + instance + "\"}"
                    : m.group(1) + "{instance=\"" + instance + "\",";
            m.appendReplacement(out, Matcher.quoteReplacement(selector));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** An instant query's series, keyed by their labels without instance. */
    private Map<String, Double> vector(String query, long at) throws Exception {
        Map<String, Double> series = new java.util.TreeMap<>();
        for (JsonNode sample : api("/api/v1/query?query=" + encode(query) + "&time=" + at).path("data").path("result")) {
            java.util.TreeMap<String, String> labels = new java.util.TreeMap<>();
            sample.path("metric").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            labels.remove("instance");
            series.put(labels.toString(), sample.path("value").get(1).asDouble());
        }
        return series;
    }

    /** What the dashboard, the rules and the cookbook lack against this Prometheus; empty when all have data. */
    private List<String> problems() {
        try {
            return problemsOrThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> problemsOrThrow() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String query : dashboardQueries()) {
            if (query.contains(" unless ")) {
                // devices not reached in 24 h: rightly empty for a healthy simulated fleet
                checkInstantQuery(query, true, failures);
            } else {
                checkRangeQueryHasData(query, failures);
            }
        }
        for (String labelQuery : dashboardVariables()) {
            checkLabelValues(labelQuery, failures);
        }
        for (String record : recordedSeries()) {
            checkRangeQueryHasData(record, failures);
        }
        for (String query : cookbookQueries()) {
            boolean mayBeEmpty = query.contains(" > ") || query.contains("== 0");
            checkInstantQuery(query, mayBeEmpty, failures);
        }
        checkRulesEvaluateWithoutErrors(failures);
        return failures;
    }

    private void checkRangeQueryHasData(String query, List<String> failures) throws Exception {
        long end = Instant.now().getEpochSecond();
        JsonNode answer = api("/api/v1/query_range?query=" + encode(query) + "&start=" + (end - RUN.toSeconds())
                + "&end=" + end + "&step=1");
        if (!"success".equals(answer.path("status").asText())) {
            failures.add(query + " -> " + answer);
        } else if (answer.path("data").path("result").isEmpty()) {
            failures.add(query + " -> no data");
        }
    }

    private void checkInstantQuery(String query, boolean mayBeEmpty, List<String> failures) throws Exception {
        JsonNode answer = api("/api/v1/query?query=" + encode(query));
        if (!"success".equals(answer.path("status").asText())) {
            failures.add(query + " -> " + answer);
        } else if (!mayBeEmpty && answer.path("data").path("result").isEmpty()) {
            failures.add(query + " -> no data");
        }
    }

    private void checkLabelValues(String labelValuesQuery, List<String> failures) throws Exception {
        Matcher m = Pattern.compile("label_values\\((.*), (\\w+)\\)").matcher(labelValuesQuery);
        assertTrue(m.matches(), labelValuesQuery);
        JsonNode answer = api("/api/v1/label/" + m.group(2) + "/values?match[]=" + encode(m.group(1)));
        if (answer.path("data").isEmpty()) {
            failures.add(labelValuesQuery + " -> " + answer);
        } else if (answer.path("data").toString().contains("\"all\"")) {
            failures.add(labelValuesQuery + " offers the aggregate 'all' row as a choice");
        }
    }

    private void checkRulesEvaluateWithoutErrors(List<String> failures) throws Exception {
        JsonNode groups = api("/api/v1/rules").path("data").path("groups");
        int rules = 0;
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                if (!"ok".equals(rule.path("health").asText())) {
                    failures.add("rule " + rule.path("name").asText() + ": " + rule.path("lastError").asText());
                }
            }
        }
        long recording = ruleLines("monitoring/recording-rules.yml", "- record:");
        long alerting = ruleLines("monitoring/alerts.yml", "- alert:");
        if (rules != recording + alerting) {
            failures.add("Prometheus loaded " + rules + " rules, expected the files' " + recording + " recording and "
                    + alerting + " alerting rules");
        }
    }

    private static long ruleLines(String file, String marker) throws java.io.IOException {
        return Files.readAllLines(ROOT.resolve(file)).stream().filter(line -> line.trim().startsWith(marker)).count();
    }

    static List<String> dashboardQueries() throws Exception {
        JsonNode dashboard = Json.parse(Files.readString(ROOT.resolve("monitoring/tom-dashboard.json")));
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertFalse(expr.isEmpty(), "panel " + panel.path("title").asText() + " has a target without expr");
                queries.add(expr.replace("$__rate_interval", RATE_INTERVAL).replace("$worker", ".*")
                        .replace("$device", ".*"));
            }
        }
        assertTrue(queries.size() >= 16, "the dashboard has its panels: " + queries.size());
        return queries;
    }

    private List<String> dashboardVariables() throws Exception {
        JsonNode dashboard = Json.parse(Files.readString(ROOT.resolve("monitoring/tom-dashboard.json")));
        List<String> queries = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> {
            if (v.path("type").asText().equals("query")) {
                queries.add(v.path("query").path("query").asText());
            }
        });
        assertEquals(2, queries.size(), "worker and device variables");
        return queries;
    }

    static List<String> recordedSeries() throws Exception {
        List<String> records = new ArrayList<>();
        Matcher m = Pattern.compile("- record: (\\S+)").matcher(Files.readString(ROOT.resolve("monitoring/recording-rules.yml")));
        while (m.find()) {
            records.add(m.group(1));
        }
        assertEquals(24, records.size());
        return records;
    }

    /** The queries of docs/queries.md's promql block: comment lines separate them, continuation lines join. */
    static List<String> cookbookQueries() throws Exception {
        String readme = Files.readString(ROOT.resolve("docs/queries.md"));
        int start = readme.indexOf("```promql\n") + "```promql\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        List<String> queries = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                if (current.length() > 0) {
                    queries.add(current.toString().trim());
                    current.setLength(0);
                }
            } else {
                current.append(' ').append(line.trim());
            }
        }
        if (current.length() > 0) {
            queries.add(current.toString().trim());
        }
        assertTrue(queries.size() >= 12, "the cookbook's queries: " + queries);
        return queries;
    }

    private double scalar(String query) {
        try {
            JsonNode result = api("/api/v1/query?query=" + encode(query)).path("data").path("result");
            return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private JsonNode api(String pathAndQuery) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.parse(response.body());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
