package io.tom.monitoring.metrics;

import java.util.List;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tom.monitoring.fleet.ActiveJobsReader;
import io.tom.monitoring.fleet.QueueTimings;

/**
 * The families of how SAQ's queues move (docs/metrics.md, "Queues"): how long jobs wait, how many
 * are scheduled, how long the longest-running job has run and how many run past their timeout. A
 * queue whose list could not be read has no sample of the families read from it.
 */
final class QueueFamilies {

    private QueueFamilies() {
    }

    static void add(MetricSnapshots.Builder families, List<QueueTimings.Timing> timings,
            List<ActiveJobsReader.QueueActivity> activity) {
        GaugeSnapshot.Builder latency = TomMetric.QUEUE_LATENCY.gauge();
        GaugeSnapshot.Builder scheduled = TomMetric.QUEUE_SCHEDULED.gauge();
        for (QueueTimings.Timing queue : timings) {
            Labels labels = TomMetric.QUEUE_LATENCY.labels(queue.queue());
            if (!Double.isNaN(queue.latencySeconds())) {
                latency.dataPoint(point(queue.latencySeconds(), labels));
            }
            scheduled.dataPoint(point(queue.scheduled(), labels));
        }
        GaugeSnapshot.Builder oldest = TomMetric.QUEUE_OLDEST_ACTIVE.gauge();
        GaugeSnapshot.Builder overdue = TomMetric.JOBS_OVERDUE.gauge();
        for (ActiveJobsReader.QueueActivity queue : activity) {
            if (queue.readable()) {
                Labels labels = TomMetric.QUEUE_OLDEST_ACTIVE.labels(queue.queue());
                oldest.dataPoint(point(queue.oldestSeconds(), labels));
                overdue.dataPoint(point(queue.overdue(), labels));
            }
        }
        families.metricSnapshot(latency.build());
        families.metricSnapshot(scheduled.build());
        families.metricSnapshot(oldest.build());
        families.metricSnapshot(overdue.build());
    }

    private static GaugeDataPointSnapshot point(double value, Labels labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
    }
}
