package io.tom.monitoring.ops;

import static io.tom.monitoring.support.YamlFiles.list;
import static io.tom.monitoring.support.YamlFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.ExternalTool;
import io.tom.monitoring.support.YamlFiles;
import io.tom.monitoring.support.Json;
import org.junit.jupiter.api.Test;

/**
 * The operations kit is wired as it claims: the compose file validates, every file it mounts
 * exists in the repository, Prometheus scrapes the controller service where it listens, Grafana
 * reads Prometheus where it runs, and promtool accepts the config, the rules and their tests.
 */
class MonitoringKitTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final Path MONITORING = ROOT.resolve("monitoring");

    @Test
    void composeFileValidates() throws Exception {
        ExternalTool.Result result = ExternalTool.run(ROOT, ExternalTool.find("docker-compose", "docker-compose"),
                "-f", "docker/docker-compose.yml", "config", "-q");
        assertEquals(0, result.exitCode(), result.output());
        ExternalTool.Result sharded = ExternalTool.run(ROOT, ExternalTool.find("docker-compose", "docker-compose"),
                "-f", "docker/docker-compose.yml", "-f", "docker/docker-compose.sharded.yml", "config", "-q");
        assertEquals(0, sharded.exitCode(), sharded.output());
    }

    /** The sharded setup's Prometheus configuration is the shipped one with a target per shard, nothing else. */
    @Test
    void theShardedPrometheusConfigDiffersOnlyInItsTargets() throws Exception {
        Map<String, Object> single = YamlFiles.load(MONITORING.resolve("prometheus.yml"));
        Map<String, Object> sharded = YamlFiles.load(MONITORING.resolve("prometheus-sharded.yml"));
        Map<String, Object> shardedJob = map(list(sharded.get("scrape_configs")).get(0));
        assertEquals(List.of("controller:8000", "controller-shard-1:8000", "controller-shard-2:8000"),
                map(list(shardedJob.get("static_configs")).get(0)).get("targets"));
        map(list(shardedJob.get("static_configs")).get(0)).put("targets", List.of("controller:8000"));
        assertEquals(single, sharded);
        Map<String, Object> environment = map(map(map(YamlFiles.load(DOCKER.resolve("docker-compose.sharded.yml"))
                .get("services")).get("controller-shard-2")).get("environment"));
        assertEquals("2", environment.get("TOM_METRICS_SHARD"));
        assertEquals("3", environment.get("TOM_METRICS_TOTAL_SHARDS"));
    }

    @Test
    void everyMountedFileExistsInTheRepository() throws Exception {
        Map<String, Object> services = map(compose().get("services"));
        assertEquals(List.of("redis", "controller", "simulator", "prometheus", "alertmanager", "grafana"),
                List.copyOf(services.keySet()));
        for (Map.Entry<String, Object> service : services.entrySet()) {
            for (Object volume : list(map(service.getValue()).getOrDefault("volumes", List.of()))) {
                Path host = DOCKER.resolve(volume.toString().split(":")[0]).normalize();
                assertTrue(Files.exists(host), service.getKey() + " mounts " + host + ", which does not exist");
            }
        }
    }

    @Test
    void redisIsNotPublishedOnTheHostAndTheBuildContextHoldsOnlySources() throws Exception {
        Map<String, Object> redis = map(map(compose().get("services")).get("redis"));
        assertFalse(redis.containsKey("ports"), "a password-less Redis stays inside the stack's network");
        List<String> ignore = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertEquals("**", ignore.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow(),
                "everything is left out of the build context but what the Dockerfile copies");
        assertTrue(ignore.containsAll(List.of("!pom.xml", "!src/main/**", "!routes/**", "!docker/tom-health")),
                ignore.toString());
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        for (String copied : List.of("COPY pom.xml", "COPY src src", "COPY routes routes")) {
            assertTrue(dockerfile.contains(copied), copied);
        }
    }

    @Test
    void prometheusScrapesTheControllerServiceWhereItListens() throws Exception {
        Map<String, Object> services = map(compose().get("services"));
        Map<String, Object> controller = map(services.get("controller"));
        assertEquals(List.of("8000:8000"), controller.get("ports"));
        assertEquals("8000", map(controller.get("environment")).get("TOM_HTTP_PORT"));
        assertEquals("redis://redis:6379/0", map(controller.get("environment")).get("TOM_REDIS_URL"));

        Map<String, Object> prometheusConfig = YamlFiles.load(MONITORING.resolve("prometheus.yml"));
        Map<String, Object> job = map(list(prometheusConfig.get("scrape_configs")).get(0));
        assertEquals("tom-controller", job.get("job_name"), "the alerts select up{job=\"tom-controller\"}");
        assertEquals("/api/metrics", job.get("metrics_path"));
        assertEquals("30s", job.get("scrape_interval"));
        assertEquals(List.of("controller:8000"), map(list(job.get("static_configs")).get(0)).get("targets"));

        List<Object> mounts = list(map(services.get("prometheus")).get("volumes"));
        for (Object ruleFile : list(prometheusConfig.get("rule_files"))) {
            assertTrue(mounts.stream().anyMatch(m -> m.toString().contains(":/etc/prometheus/" + ruleFile)),
                    ruleFile + " is not mounted beside prometheus.yml");
        }
    }

    @Test
    void grafanaReadsPrometheusAndProvisionsTheDashboard() throws Exception {
        Map<String, Object> services = map(compose().get("services"));
        assertTrue(list(map(services.get("prometheus")).get("ports")).contains("9090:9090"));
        Map<String, Object> grafana = map(services.get("grafana"));
        assertTrue(list(grafana.get("ports")).contains("3000:3000"));
        assertEquals("admin", map(grafana.get("environment")).get("GF_SECURITY_ADMIN_PASSWORD"));

        Map<String, Object> datasource = map(list(YamlFiles.load(MONITORING.resolve("grafana/provisioning/datasources/prometheus.yml"))
                .get("datasources")).get(0));
        assertEquals("http://prometheus:9090", datasource.get("url"));
        assertEquals("prometheus", datasource.get("type"), "the dashboard's datasource variable lists Prometheus sources");

        String dashboardsPath = map(map(list(YamlFiles.load(MONITORING.resolve("grafana/provisioning/dashboards/tom.yml"))
                .get("providers")).get(0)).get("options")).get("path").toString();
        assertTrue(list(grafana.get("volumes")).contains("../monitoring/tom-dashboard.json:" + dashboardsPath
                + "/tom-dashboard.json:ro"));
    }

    @Test
    void theImageRunsAsNonRootWithAHealthcheckOnTheLivenessProbe() throws Exception {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("USER tom"));
        assertTrue(dockerfile.contains("CMD [\"tom-health\"]"), "the health check starts no JVM");
        assertTrue(dockerfile.contains("COPY docker/tom-health /usr/local/bin/tom-health"));
        assertTrue(Files.isExecutable(DOCKER.resolve("tom-health")));
        // issue 20, item 2: the class-data-sharing archive, built in the image by the script users run
        assertTrue(dockerfile.contains("COPY bin/cds-archive "), "the image builds its archive with bin/cds-archive");
        assertTrue(Files.isExecutable(ROOT.resolve("bin/cds-archive")));
        assertTrue(dockerfile.contains("-XX:SharedArchiveFile=/opt/tom/tom-monitoring.jsa"), "and runs with it");
        for (String copied : List.of("pom.xml", "src", "routes")) {
            assertTrue(dockerfile.contains("COPY " + copied + " ") || dockerfile.contains("COPY " + copied + "\n"), copied);
            assertTrue(Files.exists(ROOT.resolve(copied)), copied);
        }
    }

    /** Issue 21, item 12: the obsolete version key, two services building one image, "Picked up ..." from every JVM. */
    @Test
    void theStackBuildsItsImageOnceAndNoJvmPrintsPickedUp() throws Exception {
        Map<String, Object> compose = compose();
        assertFalse(compose.containsKey("version"), "the Compose specification has no version key");
        Map<String, Object> services = map(compose.get("services"));
        List<String> building = services.entrySet().stream().filter(s -> map(s.getValue()).containsKey("build"))
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of("controller"), building, "one service builds the image");
        Map<String, Object> simulator = map(services.get("simulator"));
        assertEquals(map(services.get("controller")).get("image"), simulator.get("image"));
        assertEquals("never", simulator.get("pull_policy"), "the locally built image is never pulled");

        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        assertFalse(dockerfile.contains("ENV JAVA_TOOL_OPTIONS"), "JAVA_TOOL_OPTIONS makes every JVM print 'Picked up'");
        assertTrue(dockerfile.contains("exec java $JAVA_OPTS -jar /opt/tom/tom-monitoring.jar \\\"$@\\\""), dockerfile);
    }

    @Test
    void promtoolAcceptsTheConfigTheRulesAndTheirTests() throws Exception {
        String promtool = ExternalTool.find("promtool", "prometheus");
        ExternalTool.Result config = ExternalTool.run(MONITORING, promtool, "check", "config", "prometheus.yml");
        assertEquals(0, config.exitCode(), config.output());
        ExternalTool.Result sharded = ExternalTool.run(MONITORING, promtool, "check", "config", "prometheus-sharded.yml");
        assertEquals(0, sharded.exitCode(), sharded.output());
        ExternalTool.Result rules = ExternalTool.run(MONITORING, promtool, "check", "rules", "recording-rules.yml",
                "alerts.yml");
        assertEquals(0, rules.exitCode(), rules.output());
        ExternalTool.Result tests = ExternalTool.run(MONITORING, promtool, "test", "rules", "tests/rules-test.yml");
        assertEquals(0, tests.exitCode(), tests.output());
        assertTrue(tests.output().contains("SUCCESS"), tests.output());
    }

    /**
     * Issue 21, item 11: every panel named datasource uid "prometheus", so an import into a Grafana
     * whose Prometheus has another uid broke them all; idle lease panels said "No data"; counts sat
     * on seconds axes.
     */
    @Test
    void theDashboardImportsIntoAnyGrafanaAndEachAxisHasOneUnit() throws Exception {
        JsonNode dashboard = Json.parse(Files.readString(MONITORING.resolve("tom-dashboard.json")));
        assertEquals("datasource", dashboard.at("/__inputs/0/type").asText(), "the import asks for a Prometheus");
        JsonNode variable = dashboard.at("/templating/list/0");
        assertEquals("datasource", variable.path("name").asText());
        assertEquals("datasource", variable.path("type").asText());
        assertEquals("prometheus", variable.path("query").asText());
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertEquals("${datasource}", panel.at("/datasource/uid").asText(), title);
            panel.path("targets").forEach(target -> assertEquals("${datasource}", target.at("/datasource/uid").asText(),
                    title));
            if (title.contains("lease") || title.contains("device connections")) {
                panel.path("targets").forEach(target -> {
                    String expr = target.path("expr").asText();
                    assertTrue(expr.startsWith("topk(") || expr.endsWith(" or on () vector(0)"), title + ": " + expr);
                });
            }
            boolean seconds = "s".equals(panel.at("/fieldConfig/defaults/unit").asText());
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                boolean count = expr.contains("tom_queue_scheduled") || expr.contains("tom_malformed_records")
                        || expr.contains("tom_jobs_overdue");
                if (seconds && count) {
                    String ref = target.path("refId").asText();
                    boolean ownUnit = false;
                    for (JsonNode override : panel.at("/fieldConfig/overrides")) {
                        ownUnit |= override.at("/matcher/options").asText().equals(ref)
                                && override.path("properties").toString().contains("\"short\"");
                    }
                    assertTrue(ownUnit, title + ": the count " + ref + " has its own axis, not seconds");
                }
            }
        }
        dashboard.path("templating").path("list").forEach(v -> {
            if (v.has("datasource")) {
                assertEquals("${datasource}", v.at("/datasource/uid").asText(), v.path("name").asText());
            }
        });
    }

    private static Map<String, Object> compose() throws Exception {
        return YamlFiles.load(DOCKER.resolve("docker-compose.yml"));
    }
}
