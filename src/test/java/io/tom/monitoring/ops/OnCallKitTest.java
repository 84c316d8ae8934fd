package io.tom.monitoring.ops;

import static io.tom.monitoring.support.YamlFiles.list;
import static io.tom.monitoring.support.YamlFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.ExternalTool;
import io.tom.monitoring.support.YamlFiles;
import io.tom.monitoring.support.Json;
import org.junit.jupiter.api.Test;

/**
 * What an engineer paged at night gets from the shipped alerts: every alert has a wait, a
 * severity of page or ticket, a summary and description, a runbook with the four sections, and a
 * dashboard link to a panel that exists; Alertmanager's example configuration is valid (amtool),
 * routes every alert to the receiver its severity names, and mutes every Redis-judged alert while
 * Redis or the controller is gone.
 */
class OnCallKitTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path MONITORING = ROOT.resolve("monitoring");
    static final String RUNBOOK_BASE = "https://github.com/tom-monitoring/tom-monitoring/blob/main/docs/runbooks/";
    static final String DASHBOARD_BASE = "http://localhost:3000/d/tom-monitoring/tom-monitoring?viewPanel=";
    /** The alerts about the cause, which mute the others; not muted themselves. */
    private static final Set<String> CAUSES = Set.of("TomRedisUnreachable", "TomControllerDown", "TomScrapeOverBudget");

    @Test
    void everyAlertWaitsHasASeveritySummaryDescriptionAndRunbook() throws Exception {
        Set<String> panels = dashboardPanelIds();
        List<Map<String, Object>> alerts = alerts();
        assertTrue(alerts.size() >= 15, "the shipped alerts: " + alerts.size());
        for (Map<String, Object> alert : alerts) {
            String name = alert.get("alert").toString();
            assertTrue(alert.containsKey("for"), name + " has no for:");
            Map<String, Object> labels = map(alert.get("labels"));
            assertTrue(Set.of("page", "ticket").contains(labels.get("severity")), name + " severity " + labels);
            Map<String, Object> annotations = map(alert.get("annotations"));
            assertFalse(annotations.getOrDefault("summary", "").toString().isBlank(), name + " has no summary");
            assertFalse(annotations.getOrDefault("description", "").toString().isBlank(), name + " has no description");
            assertEquals(RUNBOOK_BASE + name + ".md", annotations.get("runbook_url"), name);
            Path runbook = ROOT.resolve("docs/runbooks/" + name + ".md");
            assertTrue(Files.exists(runbook), runbook + " is missing");
            String text = Files.readString(runbook);
            assertTrue(text.startsWith("# " + name + "\n"), runbook + " is titled with its alert");
            int last = -1;
            for (String section : List.of("## Meaning", "## Impact", "## Diagnosis", "## Mitigation")) {
                int at = text.indexOf("\n" + section + "\n");
                assertTrue(at > last, runbook + " lacks its '" + section + "' section, in order");
                last = at;
            }
            String diagnosis = text.substring(text.indexOf("## Diagnosis"), text.indexOf("## Mitigation"));
            assertTrue(diagnosis.contains("curl") || diagnosis.contains("redis-cli"), runbook
                    + ": Diagnosis names an API call or a Redis key to look at");
            Object dashboard = annotations.get("dashboard_url");
            if (dashboard != null) {
                assertTrue(dashboard.toString().startsWith(DASHBOARD_BASE), name + " " + dashboard);
                String panel = dashboard.toString().substring(DASHBOARD_BASE.length());
                assertTrue(panels.contains(panel), name + " links panel " + panel + ", which the dashboard lacks");
            }
        }
        Set<String> runbooks = new TreeSet<>();
        try (var files = Files.list(ROOT.resolve("docs/runbooks"))) {
            files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("README.md"))
                    .forEach(f -> runbooks.add(f.replace(".md", "")));
        }
        assertEquals(new TreeSet<>(alertNames()), runbooks, "a runbook per alert, and none for an alert that is gone");
        String index = Files.readString(ROOT.resolve("docs/runbooks/README.md"));
        for (String name : alertNames()) {
            assertTrue(index.contains("[" + name + "](" + name + ".md)"), "docs/runbooks/README.md lists " + name);
        }
    }

    @Test
    void amtoolAcceptsTheAlertmanagerConfiguration() throws Exception {
        ExternalTool.Result check = ExternalTool.run(MONITORING, amtool(), "check-config", "alertmanager.yml");
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
    }

    @Test
    void everyAlertIsRoutedToTheReceiverItsSeverityNames() throws Exception {
        for (Map<String, Object> alert : alerts()) {
            String name = alert.get("alert").toString();
            String severity = map(alert.get("labels")).get("severity").toString();
            ExternalTool.Result route = ExternalTool.run(MONITORING, amtool(), "config", "routes", "test",
                    "--config.file=alertmanager.yml", "--verify.receivers=tom-" + severity,
                    "alertname=" + name, "severity=" + severity, "queue=default");
            assertEquals(0, route.exitCode(), name + " (" + severity + ") is not routed to tom-" + severity + ": "
                    + route.output());
        }
    }

    @Test
    void whileRedisOrTheControllerIsGoneEveryAlertJudgedOnRedisDataIsMuted() throws Exception {
        Map<String, Object> config = YamlFiles.load(MONITORING.resolve("alertmanager.yml"));
        Map<String, Object> rule = null;
        for (Object inhibit : list(config.get("inhibit_rules"))) {
            if (list(map(inhibit).get("source_matchers")).contains("alertname=~\"TomRedisUnreachable|TomControllerDown|TomScrapeOverBudget\"")) {
                rule = map(inhibit);
            }
        }
        assertTrue(rule != null, "an inhibit rule whose sources are TomRedisUnreachable, TomControllerDown and TomScrapeOverBudget");
        assertEquals(1, list(rule.get("target_matchers")).size());
        Matcher targets = Pattern.compile("alertname=~\"(.*)\"").matcher(list(rule.get("target_matchers")).get(0).toString());
        assertTrue(targets.matches());
        Set<String> muted = new TreeSet<>(List.of(targets.group(1).split("\\|")));
        Set<String> expected = new TreeSet<>(alertNames());
        expected.removeAll(CAUSES);
        assertEquals(expected, muted, "every alert but the causes' own is muted while they fire");
        assertFalse(rule.containsKey("equal"), "one controller losing Redis mutes the fleet's alerts, which carry no instance");
    }

    private static String amtool() {
        return ExternalTool.find("amtool", "prometheus-alertmanager");
    }

    private static Set<String> dashboardPanelIds() throws Exception {
        JsonNode dashboard = Json.parse(Files.readString(MONITORING.resolve("tom-dashboard.json")));
        Set<String> ids = new LinkedHashSet<>();
        dashboard.path("panels").forEach(panel -> ids.add(panel.path("id").asText()));
        return ids;
    }

    static List<String> alertNames() throws Exception {
        return alerts().stream().map(alert -> alert.get("alert").toString()).distinct().toList();
    }

    static List<Map<String, Object>> alerts() throws Exception {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Object group : list(YamlFiles.load(MONITORING.resolve("alerts.yml")).get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                alerts.add(new LinkedHashMap<>(map(rule)));
            }
        }
        return alerts;
    }
}
