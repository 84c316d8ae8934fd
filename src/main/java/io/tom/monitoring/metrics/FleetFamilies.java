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
import io.prometheus.metrics.model.snapshots.Unit;
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
            families.metricSnapshot(gauge("tom_device_series_folded_devices",
                    "Devices whose series are summed into device=\"" + DeviceSeriesLimit.OVERFLOW
                            + "\" (the device limit)", null,
                    GaugeDataPointSnapshot.builder().value(devices.foldedDevices()).build()));
        }

        families.metricSnapshot(gauge("tom_workers_active",
                "Number of workers that have sent a heartbeat in the last 60 seconds", null,
                GaugeDataPointSnapshot.builder().value(fleet.activeWorkers(ACTIVE_WINDOW_SECONDS)).build()));

        GaugeSnapshot.Builder heartbeats = GaugeSnapshot.builder().name("tom_worker_last_heartbeat")
                .help("Unix timestamp (seconds since epoch) of the last heartbeat from each worker");
        for (Heartbeat heartbeat : fleet.heartbeats().values()) {
            heartbeats.dataPoint(point(heartbeat.timestampSeconds(), Labels.of("worker", heartbeat.workerId())));
        }
        families.metricSnapshot(heartbeats.build());

        GaugeSnapshot.Builder depth = GaugeSnapshot.builder().name("tom_queue_depth")
                .help("Number of jobs waiting to be processed in each queue");
        GaugeSnapshot.Builder active = GaugeSnapshot.builder().name("tom_queue_active")
                .help("Number of jobs being processed from each queue");
        for (SaqQueue queue : fleet.queues()) {
            Labels labels = Labels.of("queue", queue.queue());
            depth.dataPoint(point(queue.queued(), labels));
            active.dataPoint(point(queue.active(), labels));
        }
        families.metricSnapshot(depth.build());
        families.metricSnapshot(active.build());

        GaugeSnapshot.Builder leases = GaugeSnapshot.builder().name("tom_device_semaphore_leases")
                .help("Number of active (unexpired) semaphore leases per device");
        List<DeviceLease> sortedLeases = new ArrayList<>(devices.leases(fleet.leases()));
        sortedLeases.sort(Comparator.comparing(DeviceLease::host).thenComparing(DeviceLease::port));
        for (DeviceLease lease : sortedLeases) {
            leases.dataPoint(point(lease.activeLeases(), Labels.of("device", lease.host(), "port", lease.port())));
        }
        families.metricSnapshot(leases.build());

        GaugeSnapshot.Builder streams = GaugeSnapshot.builder().name("tom_stream_length")
                .help("Entries currently held in each Tom Redis stream");
        for (Map.Entry<String, Long> stream : fleet.streamLengths().entrySet()) {
            streams.dataPoint(point(stream.getValue(), Labels.of("stream", stream.getKey())));
        }
        families.metricSnapshot(streams.build());

        families.metricSnapshot(gauge("tom_scrape_redis_round_trips",
                "Requests this scrape sent to Redis (SCAN pages and pipelines; a pipeline counts once)", null,
                GaugeDataPointSnapshot.builder().value(fleet.redisRoundTrips()).build()));

        GaugeSnapshot.Builder malformed = GaugeSnapshot.builder().name("tom_malformed_records")
                .help("Records skipped because they were malformed in Redis, by kind: in this scrape's read, and for"
                        + " kind event every metrics-stream event the job history skipped");
        for (MalformedRecords.Kind kind : MalformedRecords.Kind.values()) {
            long count = fleet.malformed().count(kind) + skipped.getOrDefault(kind, 0L);
            malformed.dataPoint(point(count, Labels.of("kind", kind.label())));
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
        CounterSnapshot.Builder jobs = CounterSnapshot.builder().name("tom_jobs")
                .help("Total number of jobs processed by the system");
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

    static GaugeSnapshot gauge(String name, String help, Unit unit, GaugeDataPointSnapshot point) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help).dataPoint(point);
        if (unit != null) {
            gauge.unit(unit);
        }
        return gauge.build();
    }

    private static GaugeDataPointSnapshot point(double value, Labels labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
    }
}
