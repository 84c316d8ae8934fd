package io.tom.monitoring.metrics;

import java.util.ArrayList;
import java.util.List;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * A per-device family (hundreds of thousands of rows in a large fleet), held as the compact
 * records it is read from rather than as the Prometheus client's data points: its rows are written
 * straight into the exposition ({@link ExpositionWriter}), which keeps a scrape's memory and time
 * linear in the fleet. It sits among the registry's snapshots in its name's place with no data
 * points of its own; {@link #materialize()} gives the client's snapshot for the formats written
 * by the client alone (protobuf).
 *
 * <p>It is a counter snapshot only to sit among the client's snapshots (their base class cannot
 * be extended outside the client): an empty one, which the client's writers would skip, so a
 * scrape must be written by {@link ExpositionWriter}.
 */
final class WrittenFamily extends CounterSnapshot {

    /** Receives a family's rows, each as label values in label-name order, in the client's sort order. */
    interface RowSink {
        /** {@code values} is reused by the caller after this returns. */
        void row(String[] values, double value);

        /**
         * Rows written ahead as exposition text ({@link ExpositionWriter#rowsAhead}), taken in this
         * place of the family; false from a sink that takes rows one by one only, which the caller
         * then gives them as.
         */
        default boolean text(ChunkedBody rows) {
            return false;
        }
    }

    /** Produces the rows; may be asked more than once (each format of each scrape). */
    interface Rows {
        void writeTo(RowSink sink);
    }

    private final TomMetric family;
    private final String[] labelNames;
    private final Rows rows;

    WrittenFamily(TomMetric family, Rows rows) {
        super(metadataOf(family), List.of());
        this.family = family;
        this.labelNames = family.labelNames().stream().sorted().toArray(String[]::new);
        this.rows = rows;
    }

    private static io.prometheus.metrics.model.snapshots.MetricMetadata metadataOf(TomMetric family) {
        return switch (family.type()) {
            case COUNTER -> family.counter().build().getMetadata();
            case GAUGE -> family.gauge().build().getMetadata();
            case HISTOGRAM -> throw new IllegalArgumentException(family.familyName() + ": histograms are not written row by row");
        };
    }

    TomMetric family() {
        return family;
    }

    /** The label names in the order {@link RowSink#row} gives their values: sorted, as the client writes them. */
    String[] labelNames() {
        return labelNames.clone();
    }

    void writeTo(RowSink sink) {
        rows.writeTo(sink);
    }

    /** The family as the Prometheus client holds it: what the protobuf writer needs, and tests compare with. */
    MetricSnapshot materialize() {
        List<Labels> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        rows.writeTo((row, value) -> {
            labels.add(Labels.of(labelNames, row.clone()));
            values.add(value);
        });
        if (family.type() == TomMetric.Type.COUNTER) {
            CounterSnapshot.Builder counter = family.counter();
            for (int i = 0; i < labels.size(); i++) {
                counter.dataPoint(CounterDataPointSnapshot.builder().labels(labels.get(i)).value(values.get(i)).build());
            }
            return counter.build();
        }
        GaugeSnapshot.Builder gauge = family.gauge();
        for (int i = 0; i < labels.size(); i++) {
            gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels.get(i)).value(values.get(i)).build());
        }
        return gauge.build();
    }
}
