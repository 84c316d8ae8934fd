package io.tom.monitoring.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tom.monitoring.domain.DeviceLease;
import io.tom.monitoring.domain.Heartbeat;
import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.domain.SaqQueue;
import io.tom.monitoring.fleet.FleetSnapshot;

/** The tom_* families built from one {@link FleetSnapshot} (docs/metrics.md). */
final class FleetFamilies {

    /** A hash that holds no field yet. */
    private static final JobCounts NO_JOBS = JobCounts.none();

    /** A worker whose heartbeat is younger than this is active (seed: "in the last 60 seconds"). */
    static final double ACTIVE_WINDOW_SECONDS = 60;

    private FleetFamilies() {
    }

    /**
     * @param workers  the workers to export
     * @param devices  the devices to export, after cardinality control
     * @param skipped  records skipped outside the read itself (reserved ids, malformed events), by kind
     */
    static void add(MetricSnapshots.Builder families, FleetSnapshot fleet, Map<String, JobCounts> workers,
            DeviceSeriesLimit.Selection devices, JobRows jobRows, Map<MalformedRecords.Kind, Long> skipped) {
        families.metricSnapshot(jobs(fleet, workers, devices.devices(), jobRows));
        if (devices.limited()) {
            families.metricSnapshot(gauge(TomMetric.DEVICE_SERIES_FOLDED_DEVICES, devices.foldedDevices()));
        }

        families.metricSnapshot(gauge(TomMetric.WORKERS_ACTIVE, fleet.activeWorkers(ACTIVE_WINDOW_SECONDS)));

        GaugeSnapshot.Builder heartbeats = TomMetric.WORKER_LAST_HEARTBEAT.gauge();
        for (Heartbeat heartbeat : fleet.heartbeats().values()) {
            heartbeats.dataPoint(point(heartbeat.timestampSeconds(),
                    TomMetric.WORKER_LAST_HEARTBEAT.labels(heartbeat.workerId())));
        }
        families.metricSnapshot(heartbeats.build());

        GaugeSnapshot.Builder depth = TomMetric.QUEUE_DEPTH.gauge();
        GaugeSnapshot.Builder active = TomMetric.QUEUE_ACTIVE.gauge();
        for (SaqQueue queue : fleet.queues()) {
            Labels labels = TomMetric.QUEUE_DEPTH.labels(queue.queue());
            if (queue.queued() != null) {
                depth.dataPoint(point(queue.queued(), labels));
            }
            if (queue.active() != null) {
                active.dataPoint(point(queue.active(), labels));
            }
        }
        families.metricSnapshot(depth.build());
        families.metricSnapshot(active.build());

        GaugeSnapshot.Builder leases = TomMetric.DEVICE_SEMAPHORE_LEASES.gauge();
        List<DeviceLease> sortedLeases = new ArrayList<>(devices.leases(fleet.leases()));
        sortedLeases.sort(Comparator.comparing(DeviceLease::host).thenComparing(DeviceLease::port));
        for (DeviceLease lease : sortedLeases) {
            leases.dataPoint(point(lease.activeLeases(), TomMetric.DEVICE_SEMAPHORE_LEASES.labels(lease.host(),
                    lease.port())));
        }
        families.metricSnapshot(leases.build());

        GaugeSnapshot.Builder streams = TomMetric.STREAM_LENGTH.gauge();
        for (Map.Entry<String, Long> stream : fleet.streamLengths().entrySet()) {
            streams.dataPoint(point(stream.getValue(), TomMetric.STREAM_LENGTH.labels(stream.getKey())));
        }
        families.metricSnapshot(streams.build());

        families.metricSnapshot(gauge(TomMetric.SCRAPE_REDIS_ROUND_TRIPS, fleet.redisRoundTrips()));

        GaugeSnapshot.Builder malformed = TomMetric.MALFORMED_RECORDS.gauge();
        for (MalformedRecords.Kind kind : MalformedRecords.Kind.values()) {
            long count = fleet.malformed().count(kind) + skipped.getOrDefault(kind, 0L);
            malformed.dataPoint(point(count, TomMetric.MALFORMED_RECORDS.labels(kind.label())));
        }
        families.metricSnapshot(malformed.build());
    }

    /**
     * The tom_jobs_total rows, added in exactly the order the Prometheus client sorts them into
     * (label values device, error_type, status, worker, compared as strings), so its sort of a
     * 200,000-row family is one linear pass.
     */
    private static CounterSnapshot jobs(FleetSnapshot fleet, Map<String, JobCounts> workerRows,
            Map<String, JobCounts> deviceRows, JobRows jobRows) {
        CounterSnapshot.Builder jobs = TomMetric.JOBS.counter();
        List<String> workers = new ArrayList<>(workerRows.keySet());
        // the fleet-wide rows exist whenever Redis could be read, 0 before the first job
        workers.add(JobRows.ALL);
        workers.sort(null);
        JobCounts global = fleet.global().orElse(NO_JOBS);
        List<String> devices = new ArrayList<>(deviceRows.size() + 1);
        devices.addAll(deviceRows.keySet());
        devices.add(JobRows.ALL);
        devices.sort(null);
        for (String device : devices) {
            if (device.equals(JobRows.ALL)) {
                for (JobRows.Row row : JobRows.Row.ALL_ROWS) {
                    for (String worker : workers) {
                        JobCounts counts = worker.equals(JobRows.ALL) ? global : workerRows.get(worker);
                        jobs.dataPoint(row.forWorker(worker, counts));
                    }
                }
            } else {
                for (CounterDataPointSnapshot point : jobRows.ofDevice(device, deviceRows.get(device))) {
                    jobs.dataPoint(point);
                }
            }
        }
        return jobs.build();
    }

    /** A family of one unlabelled value. */
    static GaugeSnapshot gauge(TomMetric family, double value) {
        return family.gauge().dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeDataPointSnapshot point(double value, Labels labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
    }
}
