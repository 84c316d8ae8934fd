package io.tom.monitoring.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;

/**
 * {@link TomMetric} is the one catalogue of the tom_* families: the scrape serves each family with
 * the type and label names declared there, and docs/metrics.md lists exactly those families,
 * types and labels.
 */
class MetricCatalogueTest extends TomApplicationTestSupport {

    private static final Pattern ROW = Pattern.compile("^\\| `(tom_[a-z_]+)` \\| ([a-z]+) \\| ([^|]*) \\|");
    private static final Pattern LABEL = Pattern.compile("`([a-z_]+)`");
    private static final Pattern SAMPLE_LABEL = Pattern.compile("([a-z_]+)=\"");

    @Test
    void docsMetricsListsEveryFamilyWithTheCataloguesTypeAndLabels() throws Exception {
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("docs/metrics.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                // a labels cell may list a label's values after a colon: `kind`: `stats`, ...
                String labels = row.group(3).split(":")[0];
                documented.put(row.group(1), row.group(2) + " " + names(LABEL.matcher(labels)));
            }
        }
        Map<String, String> catalogue = new TreeMap<>();
        for (TomMetric family : TomMetric.values()) {
            catalogue.put(family.sampleName(), family.type().label() + " " + family.labelNames());
        }
        assertEquals(catalogue, documented);
    }

    @Test
    void theScrapeServesEachFamilyWithTheCataloguesTypeAndLabels() {
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        fleet.goldenFleet(now, now);
        Await.until(() -> Double.valueOf(2).equals(scrape().value("tom_job_events_consumed_total")),
                Duration.ofSeconds(20));
        Exposition exposition = scrape();

        for (TomMetric family : TomMetric.values()) {
            if (family == TomMetric.FEED_FAILURES_LOST || family == TomMetric.DEVICE_SERIES_FOLDED_DEVICES) {
                // served once a route uses the failed-commands feed, and with a device limit (DeviceLimitScrapeIT)
                continue;
            }
            String typeName = family.type() == TomMetric.Type.COUNTER ? family.sampleName() : family.familyName();
            assertEquals(family.type().label(), exposition.type(typeName), family + " TYPE");
            Set<String> labels = new TreeSet<>();
            exposition.samplesStartingWith(family.sampleName()).keySet().stream()
                    .filter(series -> series.startsWith(family.sampleName() + "{")
                            || series.startsWith(family.sampleName() + "_bucket{")
                            || series.equals(family.sampleName()))
                    .forEach(series -> labels.addAll(names(SAMPLE_LABEL.matcher(series))));
            labels.remove("le");
            assertEquals(new TreeSet<>(family.labelNames()), labels, family + " label names");
        }
        Set<String> served = exposition.samples().keySet().stream().filter(series -> series.startsWith("tom_"))
                .map(series -> series.replaceAll("[{ ].*", "").replaceAll("_(bucket|count|sum)$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> catalogued = Arrays.stream(TomMetric.values()).map(TomMetric::sampleName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(catalogued.containsAll(served), "served but not catalogued: " + difference(served, catalogued));
    }

    private static List<String> names(Matcher matcher) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        while (matcher.find()) {
            names.put(matcher.group(1), true);
        }
        return List.copyOf(names.keySet());
    }

    private static Set<String> difference(Set<String> of, Set<String> minus) {
        Set<String> rest = new TreeSet<>(of);
        rest.removeAll(minus);
        return rest;
    }
}
