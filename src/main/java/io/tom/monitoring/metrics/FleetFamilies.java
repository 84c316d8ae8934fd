package io.tom.monitoring.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * @param fleetWide whether the series that are not one device's are exported (false on shards other than 0)
     * @param written   the devices' rows written ahead during the read, if they were
     */
    static void add(MetricSnapshots.Builder families, FleetSnapshot fleet, Map<String, JobCounts> workers,
            DeviceSeriesLimit.Selection devices, Map<MalformedRecords.Kind, Long> skipped, boolean fleetWide,
            Optional<JobRows.DeviceRowsText> written) {
        Optional<JobCounts> global = fleetWide ? Optional.of(fleet.global().orElse(NO_JOBS)) : Optional.empty();
        // the read sorted the devices it read; under a device limit the few shown are sorted here
        families.metricSnapshot(new WrittenFamily(TomMetric.JOBS, fleet.devicesInIdOrder().isPresent() && devices.asRead()
                ? new JobRows(global, workers, fleet.devicesInIdOrder().get(), written)
                : new JobRows(global, workers, devices.devices())));
        if (devices.limited()) {
            families.metricSnapshot(gauge(TomMetric.DEVICE_SERIES_FOLDED_DEVICES, devices.foldedDevices()));
        }

        if (fleetWide) {
            addFleetWide(families, fleet);
        }

        List<DeviceLease> sortedLeases = new ArrayList<>(devices.leases(fleet.leases()));
        sortedLeases.sort(FleetFamilies::byHostThenPort);
        families.metricSnapshot(new WrittenFamily(TomMetric.DEVICE_SEMAPHORE_LEASES, sink -> {
            String[] labels = new String[2];
            for (DeviceLease lease : sortedLeases) {
                labels[0] = lease.host();
                labels[1] = lease.port();
                sink.row(labels, lease.activeLeases());
            }
        }));

        families.metricSnapshot(gauge(TomMetric.SCRAPE_REDIS_ROUND_TRIPS, fleet.redisRoundTrips()));

        GaugeSnapshot.Builder malformed = TomMetric.MALFORMED_RECORDS.gauge();
        for (MalformedRecords.Kind kind : MalformedRecords.Kind.values()) {
            long count = fleet.malformed().count(kind) + skipped.getOrDefault(kind, 0L);
            malformed.dataPoint(point(count, TomMetric.MALFORMED_RECORDS.labels(kind.label())));
        }
        families.metricSnapshot(malformed.build());
    }

    /** Workers, heartbeats, queues and streams: the series that are not one device's. */
    private static void addFleetWide(MetricSnapshots.Builder families, FleetSnapshot fleet) {
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

        GaugeSnapshot.Builder streams = TomMetric.STREAM_LENGTH.gauge();
        for (Map.Entry<String, Long> stream : fleet.streamLengths().entrySet()) {
            streams.dataPoint(point(stream.getValue(), TomMetric.STREAM_LENGTH.labels(stream.getKey())));
        }
        families.metricSnapshot(streams.build());
    }

    /** The client's order of the lease series: device, then port, as strings. */
    private static int byHostThenPort(DeviceLease a, DeviceLease b) {
        int host = a.host().compareTo(b.host());
        return host != 0 ? host : a.port().compareTo(b.port());
    }

    /** A family of one unlabelled value. */
    static GaugeSnapshot gauge(TomMetric family, double value) {
        return family.gauge().dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeDataPointSnapshot point(double value, Labels labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
    }
}
