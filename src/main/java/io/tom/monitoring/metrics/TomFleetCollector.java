package io.tom.monitoring.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tom.monitoring.fleet.DeviceLease;
import io.tom.monitoring.fleet.FleetSnapshot;
import io.tom.monitoring.fleet.FleetSnapshotReader;
import io.tom.monitoring.fleet.Heartbeat;
import io.tom.monitoring.fleet.JobCounts;
import io.tom.monitoring.fleet.MalformedRecords;
import io.tom.monitoring.fleet.QueueDepth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Turns a fresh {@link FleetSnapshot} into the tom_* metric families on every scrape. It keeps no
 * state between scrapes, so concurrent scrapes are safe. When Redis cannot be read the scrape
 * carries {@code tom_redis_up 0} and no series from Redis: absent, never zero-filled.
 */
public final class TomFleetCollector implements MultiCollector {

    /** A worker whose heartbeat is younger than this is active (seed: "in the last 60 seconds"). */
    public static final double ACTIVE_WINDOW_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(TomFleetCollector.class);

    private final FleetSnapshotReader reader;
    private final DeviceSeriesLimit deviceLimit;
    private final AtomicBoolean redisWasUp = new AtomicBoolean(true);

    public TomFleetCollector(FleetSnapshotReader reader, DeviceSeriesLimit deviceLimit) {
        this.reader = reader;
        this.deviceLimit = deviceLimit;
    }

    @Override
    public MetricSnapshots collect() {
        long started = System.nanoTime();
        MetricSnapshots.Builder families = MetricSnapshots.builder();
        boolean up;
        try {
            // with a device limit, which devices keep rows is known only once all are read
            JobRows jobRows = new JobRows();
            FleetSnapshot fleet = reader.read(EnumSet.allOf(FleetSnapshotReader.Part.class),
                    deviceLimit.keepsEveryDevice() ? jobRows : FleetSnapshotReader.DeviceCountsListener.NONE);
            addFleetFamilies(families, fleet, deviceLimit.select(fleet.devices()), jobRows);
            up = true;
        } catch (JedisException e) {
            up = false;
            if (redisWasUp.compareAndSet(true, false)) {
                LOG.warn("Redis unreachable, scraping without tom_* fleet series: {}", e.getMessage());
            }
        }
        if (up && redisWasUp.compareAndSet(false, true)) {
            LOG.info("Redis reachable again");
        }
        families.metricSnapshot(gauge("tom_redis_up", "1 when the last read of Redis succeeded, else 0", null,
                GaugeDataPointSnapshot.builder().value(up ? 1 : 0).build()));
        families.metricSnapshot(gauge("tom_scrape_duration_seconds",
                "Time this scrape spent reading Redis and building the tom_* series", Unit.SECONDS,
                GaugeDataPointSnapshot.builder().value((System.nanoTime() - started) / 1e9).build()));
        return families.build();
    }

    private static void addFleetFamilies(MetricSnapshots.Builder families, FleetSnapshot fleet,
            DeviceSeriesLimit.Selection devices, JobRows jobRows) {
        families.metricSnapshot(jobs(fleet, devices.devices(), jobRows));
        if (devices.limited()) {
            families.metricSnapshot(gauge("tom_device_series_folded_devices",
                    "Devices whose series are summed into device=\"" + DeviceSeriesLimit.OVERFLOW
                            + "\" (TOM_METRICS_DEVICE_LIMIT)", null,
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
        for (QueueDepth queue : fleet.queues()) {
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
                .help("Records skipped by this scrape because they were malformed in Redis, by kind");
        for (MalformedRecords.Kind kind : MalformedRecords.Kind.values()) {
            malformed.dataPoint(point(fleet.malformed().count(kind), Labels.of("kind", kind.label())));
        }
        families.metricSnapshot(malformed.build());
    }

    /**
     * The tom_jobs_total rows, added in exactly the order the Prometheus client sorts them into
     * (label values device, error_type, status, worker, compared as strings), so its sort of a
     * 200,000-row family is one linear pass.
     */
    private static CounterSnapshot jobs(FleetSnapshot fleet, Map<String, JobCounts> deviceRows, JobRows jobRows) {
        CounterSnapshot.Builder jobs = CounterSnapshot.builder().name("tom_jobs")
                .help("Total number of jobs processed by the system");
        List<String> workers = new ArrayList<>(fleet.workers().keySet());
        fleet.global().ifPresent(global -> workers.add(JobRows.ALL));
        workers.sort(null);
        List<String> devices = new ArrayList<>(deviceRows.size() + 1);
        devices.addAll(deviceRows.keySet());
        if (!workers.isEmpty()) {
            devices.add(JobRows.ALL);
        }
        devices.sort(null);
        for (String device : devices) {
            if (device.equals(JobRows.ALL)) {
                for (JobRows.Row row : JobRows.Row.ALL_ROWS) {
                    for (String worker : workers) {
                        JobCounts counts = worker.equals(JobRows.ALL)
                                ? fleet.global().orElseThrow() : fleet.workers().get(worker);
                        CounterDataPointSnapshot point = row.forWorker(worker, counts);
                        if (point != null) {
                            jobs.dataPoint(point);
                        }
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

    private static GaugeSnapshot gauge(String name, String help, Unit unit, GaugeDataPointSnapshot point) {
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
