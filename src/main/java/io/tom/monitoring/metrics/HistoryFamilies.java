package io.tom.monitoring.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tom.monitoring.history.DataResets;
import io.tom.monitoring.history.JobHistorySnapshot;

/** The families built from the job history (docs/metrics.md, "Job history"). */
final class HistoryFamilies {

    private HistoryFamilies() {
    }

    /**
     * @param shown     the devices whose timestamps are exported (every device in the history when null)
     * @param fleetWide whether the history's fleet-wide families are exported (false on shards other than 0)
     */
    static void add(MetricSnapshots.Builder families, JobHistorySnapshot history, double[] bounds, Set<String> shown,
            boolean fleetWide) {
        families.metricSnapshot(timestamps(TomMetric.DEVICE_LAST_SUCCESS, history.lastSuccess(), shown));
        families.metricSnapshot(timestamps(TomMetric.DEVICE_LAST_FAILURE, history.lastFailure(), shown));
        if (!fleetWide) {
            return;
        }
        families.metricSnapshot(durations(history.durations(), bounds));

        JobHistorySnapshot.Consumption consumption = history.consumption();
        families.metricSnapshot(counter(TomMetric.JOB_EVENTS_CONSUMED, consumption.consumed()));
        families.metricSnapshot(counter(TomMetric.JOB_EVENTS_LOST, consumption.lost()));
        families.metricSnapshot(FleetFamilies.gauge(TomMetric.JOB_EVENTS_LAG, consumption.lag()));
        CounterSnapshot.Builder resets = TomMetric.REDIS_DATA_RESETS.counter();
        for (String kind : DataResets.KINDS) {
            resets.dataPoint(CounterDataPointSnapshot.builder().value(consumption.resets().getOrDefault(kind, 0L))
                    .labels(TomMetric.REDIS_DATA_RESETS.labels(kind)).build());
        }
        families.metricSnapshot(resets.build());
    }

    private static HistogramSnapshot durations(List<JobHistorySnapshot.DurationSeries> series, double[] bounds) {
        double[] upperBounds = new double[bounds.length + 1];
        System.arraycopy(bounds, 0, upperBounds, 0, bounds.length);
        upperBounds[bounds.length] = Double.POSITIVE_INFINITY;
        HistogramSnapshot.Builder histogram = TomMetric.JOB_DURATION.histogram();
        for (JobHistorySnapshot.DurationSeries s : series) {
            histogram.dataPoint(HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, s.buckets()))
                    .sum(s.sumSeconds())
                    .labels(TomMetric.JOB_DURATION.labels(s.worker(), s.status(), s.errorType()))
                    .build());
        }
        return histogram.build();
    }

    private static WrittenFamily timestamps(TomMetric family, Map<String, Long> millisByDevice, Set<String> shown) {
        // in the client's own order: device ids compared as strings
        String[] devices = ExportedIds.sorted(millisByDevice.keySet());
        return new WrittenFamily(family, sink -> {
            String[] labels = new String[1];
            for (String device : devices) {
                if ((shown == null || shown.contains(device)) && !ExportedIds.isReserved(device)) {
                    labels[0] = device;
                    sink.row(labels, millisByDevice.get(device) / 1000.0);
                }
            }
        });
    }

    private static CounterSnapshot counter(TomMetric family, long value) {
        return family.counter().dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
