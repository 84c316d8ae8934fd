package io.tom.monitoring.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.tom.monitoring.support.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, item 1: the Helm chart, checked by Helm itself (helm-java embeds Helm 3): it lints
 * strictly, renders for each value set users reach for, every rendered object is valid against the
 * Kubernetes and Prometheus Operator schemas (tools/kubernetes-validators), its PrometheusRule is
 * the shipped rule files group for group and passes their promtool tests, and a wrong value fails
 * at install through values.schema.json. No Kubernetes API server is involved.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("charts/tom-monitoring").toAbsolutePath();
    private static final Path VALIDATOR = Path.of("tools/kubernetes-validators/validate.mjs").toAbsolutePath();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The value sets of docs/kubernetes.md, by name. */
    private static final Map<String, Map<String, Object>> VALUE_SETS = valueSets();

    private static Map<String, Map<String, Object>> valueSets() {
        Map<String, Map<String, Object>> sets = new LinkedHashMap<>();
        sets.put("defaults", Map.of());
        sets.put("tls web config", Map.of("webConfig.existingSecret", "tom-web", "webConfig.tls", true,
                "webConfig.scrapeSecret", "tom-scrape", "serviceMonitor.enabled", true));
        sets.put("basic auth", Map.of("webConfig.existingSecret", "tom-web", "webConfig.tls", true,
                "webConfig.basicAuth", true, "webConfig.scrapeSecret", "tom-scrape", "podMonitor.enabled", true));
        sets.put("api keys", Map.of("apiKeys.keys[0]", "key-one", "apiKeys.keys[1]", "key-two"));
        sets.put("operator", Map.of("serviceMonitor.enabled", true, "podMonitor.enabled", true,
                "prometheusRule.enabled", true, "grafanaDashboard.enabled", true,
                "serviceMonitor.labels.release", "kube-prometheus-stack"));
        sets.put("existing secret", Map.of("redis.existingSecret", "tom-redis", "redis.existingSecretKey", "url",
                "apiKeys.existingSecret", "tom-api", "queues[0]", "default", "queues[1]", "bulk", "metrics.deviceLimit", 5000,
                "history.enabled", true, "trim.enabled", false));
        sets.put("sharded", Map.of("metrics.shards", 3, "serviceMonitor.enabled", true, "replicaCount", 2));
        return sets;
    }

    @Test
    void theChartLintsStrictly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void everyValueSetRendersObjectsValidAgainstTheKubernetesAndOperatorSchemas() throws Exception {
        for (Map.Entry<String, Map<String, Object>> set : VALUE_SETS.entrySet()) {
            List<JsonNode> objects = render(set.getValue());
            Path manifests = dir.resolve(set.getKey().replace(' ', '-') + ".json");
            ArrayNode all = JSON.createArrayNode();
            objects.forEach(all::add);
            Files.writeString(manifests, JSON.writeValueAsString(all));
            ExternalTool.Result validated = ExternalTool.run(dir, "node", VALIDATOR.toString(), manifests.toString());
            assertEquals(0, validated.exitCode(), set.getKey() + ":\n" + validated.output());
            assertEquals(objects.size(), validated.output().lines().filter(l -> l.startsWith("valid ")).count(),
                    set.getKey() + ":\n" + validated.output());
        }
    }

    @Test
    void eachValueSetReachesTheControllerAsItsSettings() throws Exception {
        JsonNode plain = container(render(Map.of()));
        assertEquals("HTTP", plain.at("/readinessProbe/httpGet/scheme").asText());
        assertEquals("/observe/health/ready", plain.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/observe/health/live", plain.at("/livenessProbe/httpGet/path").asText());
        assertTrue(plain.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertEquals("release-name-tom-monitoring", env(plain, "TOM_REDIS_URL").at("/valueFrom/secretKeyRef/name").asText());
        assertTrue(env(plain, "TOM_API_KEYS").isMissingNode(), "no keys: the API is open");
        assertEquals("redis://redis:6379/0", kind(render(Map.of()), "Secret").at("/stringData/redis-url").asText());

        List<JsonNode> tls = render(VALUE_SETS.get("tls web config"));
        assertEquals("HTTPS", container(tls).at("/readinessProbe/httpGet/scheme").asText());
        assertEquals("/etc/tom/web/web.yml", env(container(tls), "TOM_WEB_CONFIG_FILE").at("/value").asText());
        JsonNode monitor = kind(tls, "ServiceMonitor").at("/spec/endpoints/0");
        assertEquals("https", monitor.at("/scheme").asText());
        assertEquals("tom-scrape", monitor.at("/tlsConfig/ca/secret/name").asText());
        assertEquals("tom-controller", monitor.at("/relabelings/0/replacement").asText(), "the rules' job");

        List<JsonNode> basic = render(VALUE_SETS.get("basic auth"));
        assertEquals("http", container(basic).at("/readinessProbe/tcpSocket/port").asText(),
                "basic auth covers the health paths: the port is probed");
        assertEquals("password", kind(basic, "PodMonitor").at("/spec/podMetricsEndpoints/0/basicAuth/password/key")
                .asText());

        List<JsonNode> keys = render(VALUE_SETS.get("api keys"));
        assertEquals("key-one,key-two", kind(keys, "Secret").at("/stringData/api-keys").asText());
        assertEquals("api-keys", env(container(keys), "TOM_API_KEYS").at("/valueFrom/secretKeyRef/key").asText());

        List<JsonNode> existing = render(VALUE_SETS.get("existing secret"));
        assertTrue(kind(existing, "Secret").isMissingNode(), "the user's Secrets only: the chart makes none");
        JsonNode controller = container(existing);
        assertEquals("tom-redis", env(controller, "TOM_REDIS_URL").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("url", env(controller, "TOM_REDIS_URL").at("/valueFrom/secretKeyRef/key").asText());
        assertEquals("tom-api", env(controller, "TOM_API_KEYS").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("default,bulk", env(controller, "TOM_QUEUES").at("/value").asText());
        assertEquals("5000", env(controller, "TOM_METRICS_DEVICE_LIMIT").at("/value").asText());
        assertEquals("false", env(controller, "TOM_TRIM_ENABLED").at("/value").asText());

        JsonNode dashboard = kind(render(VALUE_SETS.get("operator")), "ConfigMap");
        assertEquals("1", dashboard.at("/metadata/labels/grafana_dashboard").asText());
        assertEquals(JSON.readTree(Files.readString(Path.of("monitoring/tom-dashboard.json"))),
                JSON.readTree(dashboard.at("/data/tom-dashboard.json").asText()), "the shipped dashboard, whole");
    }

    @Test
    void thePrometheusRuleIsTheShippedRulesAndPassesTheirPromtoolTests() throws Exception {
        JsonNode rule = kind(render(Map.of("prometheusRule.enabled", true)), "PrometheusRule");
        ArrayNode shipped = JSON.createArrayNode();
        shipped.addAll((ArrayNode) YAML.readTree(Path.of("monitoring/recording-rules.yml").toFile()).get("groups"));
        shipped.addAll((ArrayNode) YAML.readTree(Path.of("monitoring/alerts.yml").toFile()).get("groups"));
        assertEquals(shipped, rule.at("/spec/groups"), "group for group, rule for rule");

        // the rendered groups, as a rule file, through the shipped promtool tests
        Path rendered = dir.resolve("rendered-rules.yml");
        YAML.writeValue(rendered.toFile(), Map.of("groups", rule.at("/spec/groups")));
        String tests = Files.readString(Path.of("monitoring/tests/rules-test.yml"));
        Matcher files = Pattern.compile("rule_files:\\n(  - .*\\n)+").matcher(tests);
        assertTrue(files.find(), "the test file names its rule files");
        Path renderedTests = dir.resolve("rules-test.yml");
        Files.writeString(renderedTests, files.replaceFirst("rule_files:\n  - rendered-rules.yml\n"));
        ExternalTool.Result promtool = ExternalTool.run(dir, ExternalTool.find("promtool", "prometheus"), "test",
                "rules", renderedTests.toString());
        assertEquals(0, promtool.exitCode(), promtool.output());
        assertTrue(promtool.output().contains("SUCCESS"), promtool.output());
    }

    /** Issue 19, item 3: a Deployment per shard, each told its shard, all behind the one Service and monitor. */
    @Test
    void shardsAreOneDeploymentEachBehindOneServiceAndMonitor() throws Exception {
        List<JsonNode> objects = render(VALUE_SETS.get("sharded"));
        List<JsonNode> deployments = objects.stream().filter(o -> "Deployment".equals(o.path("kind").asText())).toList();
        assertEquals(3, deployments.size());
        for (int shard = 0; shard < 3; shard++) {
            JsonNode deployment = deployments.get(shard);
            assertEquals("release-name-tom-monitoring-shard-" + shard, deployment.at("/metadata/name").asText());
            assertEquals(2, deployment.at("/spec/replicas").asInt(), "replicaCount copies of each shard");
            assertEquals(String.valueOf(shard), deployment.at("/spec/selector/matchLabels/tom-monitoring~1shard").asText());
            JsonNode controller = deployment.at("/spec/template/spec/containers/0");
            assertEquals(String.valueOf(shard), env(controller, "TOM_METRICS_SHARD").at("/value").asText());
            assertEquals("3", env(controller, "TOM_METRICS_TOTAL_SHARDS").at("/value").asText());
        }
        JsonNode selector = kind(objects, "Service").at("/spec/selector");
        assertTrue(selector.path("tom-monitoring/shard").isMissingNode(), "the Service selects every shard's pods");
        assertTrue(env(container(render(Map.of())), "TOM_METRICS_SHARD").isMissingNode(), "unsharded by default");
        assertEquals("release-name-tom-monitoring", kind(render(Map.of()), "Deployment").at("/metadata/name").asText());

        Exception refused = assertThrows(Exception.class, () -> render(Map.of("metrics.shards", 3,
                "metrics.deviceLimit", 100)));
        assertTrue(refused.getMessage().contains("cannot be combined with metrics.deviceLimit"), refused.getMessage());
    }

    @Test
    void aWrongValueFailsAtInstallNamingIt() {
        for (Map<String, Object> wrong : List.of(Map.<String, Object>of("service.port", 70000),
                Map.<String, Object>of("redis.url", "http://redis:6379"),
                Map.<String, Object>of("history.enabled", "yes"),
                Map.<String, Object>of("serviceMonitor.interval", "soon"),
                Map.<String, Object>of("redis.timeoutMS", 100),
                Map.<String, Object>of("metrics.shards", 0))) {
            String key = wrong.keySet().iterator().next();
            Exception refused = assertThrows(Exception.class, () -> render(wrong), key);
            String message = refused.getMessage();
            assertTrue(message.contains("values don't meet the specifications of the schema"), key + ": " + message);
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            assertTrue(message.contains(leaf), key + ": " + message);
        }
    }

    @Test
    void theChartsAppVersionIsTheControllersVersion() throws Exception {
        Matcher project = Pattern.compile("<artifactId>tom-monitoring</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(project.find());
        assertEquals(project.group(1), YAML.readTree(CHART.resolve("Chart.yaml").toFile()).get("appVersion").asText());
    }

    private static List<JsonNode> render(Map<String, Object> values) throws Exception {
        TemplateCommand template = new Helm(CHART).template().withName("release-name");
        values.forEach(template::set);
        String manifests = template.call();
        List<JsonNode> objects = new ArrayList<>();
        for (String document : manifests.split("(?m)^---\\s*$")) {
            JsonNode object = YAML.readTree(document);
            if (object != null && !object.isMissingNode() && !object.isNull()) {
                objects.add(object);
            }
        }
        return objects;
    }

    private static JsonNode kind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).findFirst()
                .orElse(JSON.missingNode());
    }

    private static JsonNode container(List<JsonNode> objects) {
        return kind(objects, "Deployment").at("/spec/template/spec/containers/0");
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        return JSON.missingNode();
    }
}
