package io.tom.monitoring.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tom.monitoring.fleet.QueueTimings;
import io.tom.monitoring.history.JobHistorySnapshot;

/** The families built from the job history and the SAQ queues' timings (docs/metrics.md, "Job history"). */
final class HistoryFamilies {

    private HistoryFamilies() {
    }

    /** @param shown the devices whose timestamps are exported (every device in the history when null) */
    static void add(MetricSnapshots.Builder families, JobHistorySnapshot history, double[] bounds, Set<String> shown,
            List<QueueTimings.Timing> queues, JobRows jobRows) {
        families.metricSnapshot(durations(history.durations(), bounds));
        families.metricSnapshot(timestamps("tom_device_last_success_timestamp_seconds",
                "Epoch seconds of each device's newest successful job (its metrics-stream event)",
                history.lastSuccess(), shown, jobRows));
        families.metricSnapshot(timestamps("tom_device_last_failure_timestamp_seconds",
                "Epoch seconds of each device's newest failed job (its metrics-stream event)",
                history.lastFailure(), shown, jobRows));

        JobHistorySnapshot.Consumption consumption = history.consumption();
        families.metricSnapshot(counter("tom_job_events_consumed",
                "Metrics-stream events aggregated into the job history, by all controllers", consumption.consumed()));
        families.metricSnapshot(counter("tom_job_events_lost",
                "Metrics-stream events trimmed from the stream before any controller aggregated them",
                consumption.lost()));
        families.metricSnapshot(FleetFamilies.gauge("tom_job_events_lag",
                "Metrics-stream events written but not yet aggregated", null,
                GaugeDataPointSnapshot.builder().value(consumption.lag()).build()));

        GaugeSnapshot.Builder latency = GaugeSnapshot.builder().name("tom_queue_latency_seconds")
                .help("Age of the oldest job waiting in each queue (0 when none waits)").unit(Unit.SECONDS);
        GaugeSnapshot.Builder scheduled = GaugeSnapshot.builder().name("tom_queue_scheduled")
                .help("Jobs scheduled to run later in each queue (delayed retries, scheduled jobs)");
        for (QueueTimings.Timing queue : queues) {
            Labels labels = Labels.of("queue", queue.queue());
            if (!Double.isNaN(queue.latencySeconds())) {
                latency.dataPoint(GaugeDataPointSnapshot.builder().value(queue.latencySeconds()).labels(labels).build());
            }
            scheduled.dataPoint(GaugeDataPointSnapshot.builder().value(queue.scheduled()).labels(labels).build());
        }
        families.metricSnapshot(latency.build());
        families.metricSnapshot(scheduled.build());
    }

    private static HistogramSnapshot durations(List<JobHistorySnapshot.DurationSeries> series, double[] bounds) {
        double[] upperBounds = new double[bounds.length + 1];
        System.arraycopy(bounds, 0, upperBounds, 0, bounds.length);
        upperBounds[bounds.length] = Double.POSITIVE_INFINITY;
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name("tom_job_duration_seconds")
                .help("How long finished jobs ran, from the workers' metrics-stream events").unit(Unit.SECONDS);
        for (JobHistorySnapshot.DurationSeries s : series) {
            histogram.dataPoint(HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, s.buckets()))
                    .sum(s.sumSeconds())
                    .labels(Labels.of("worker", s.worker(), "status", s.status(), "error_type", s.errorType()))
                    .build());
        }
        return histogram.build();
    }

    private static GaugeSnapshot timestamps(String name, String help, Map<String, Long> millisByDevice,
            Set<String> shown, JobRows jobRows) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help).unit(Unit.SECONDS);
        // in the client's own order, so its sort of tens of thousands of rows is one pass
        List<String> devices = new ArrayList<>(millisByDevice.keySet());
        devices.sort(null);
        for (String device : devices) {
            if ((shown == null || shown.contains(device)) && !ExportedIds.isReserved(device)) {
                gauge.dataPoint(new GaugeDataPointSnapshot(millisByDevice.get(device) / 1000.0,
                        jobRows.deviceLabels(device), null));
            }
        }
        return gauge.build();
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
