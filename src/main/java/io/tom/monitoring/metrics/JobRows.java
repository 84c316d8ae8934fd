package io.tom.monitoring.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.fleet.FleetSnapshotReader.DeviceCountsListener;

/**
 * The rows of {@code tom_jobs_total} for one stats hash (docs/metrics.md): {@code complete} as
 * success/none, {@code failed} as failed/all, each {@code <type>_failed} as failed/type. A field a
 * device's hash lacks has no row; the fleet-wide and per-worker rows are all there, 0 for a field
 * the hash lacks. Rows come in the Prometheus client's sort order for a given device
 * (error_type, then status, then worker), with labels merged from pre-validated parts.
 *
 * <p>As a reader's listener it builds each device's rows while the rest of the fleet is still
 * being read, so a scrape only has to put them in order afterwards.
 */
final class JobRows implements DeviceCountsListener {

    static final String ALL = ExportedIds.ALL;
    private static final Labels DEVICE_ALL = Labels.of("device", ALL);

    private final Map<String, CounterDataPointSnapshot[]> builtByDevice = new HashMap<>();
    private final Map<String, Labels> deviceLabels = new HashMap<>();

    @Override
    public void deviceCounts(String device, JobCounts counts) {
        if (!ExportedIds.isReserved(device)) {
            builtByDevice.put(device, forDevice(counts, deviceLabels(device)));
        }
    }

    /** The device's rows, as built while reading when this object listened to the read. */
    CounterDataPointSnapshot[] ofDevice(String device, JobCounts counts) {
        CounterDataPointSnapshot[] built = builtByDevice.get(device);
        return built != null ? built : forDevice(counts, deviceLabels(device));
    }

    /**
     * {@code device="<id>"}, made once per scrape and shared by every family of the device: the
     * client validates each label value it is given, which at 50,000 devices is worth doing once.
     * Called by one thread at a time (the decoding thread while reading, the scraping one after).
     */
    Labels deviceLabels(String device) {
        return deviceLabels.computeIfAbsent(device, id -> Labels.of("device", id));
    }

    private static CounterDataPointSnapshot[] forDevice(JobCounts counts, Labels deviceLabels) {
        int present = 0;
        for (Row row : Row.ALL_ROWS) {
            if (row.valueIn(counts) != JobCounts.ABSENT) {
                present++;
            }
        }
        CounterDataPointSnapshot[] rows = new CounterDataPointSnapshot[present];
        int next = 0;
        for (Row row : Row.ALL_ROWS) {
            long value = row.valueIn(counts);
            if (value != JobCounts.ABSENT) {
                rows[next++] = point(deviceLabels.merge(row.workerAllLabels), value);
            }
        }
        return rows;
    }

    /** As the client's builder makes it (no exemplar, no created timestamp), without a builder per row. */
    private static CounterDataPointSnapshot point(Labels labels, long value) {
        return new CounterDataPointSnapshot(value, labels, null, 0L);
    }

    /** One row kind, declared in error_type order. */
    enum Row {
        FAILED_ALL("all", "failed", null),
        AUTH("auth", "failed", ErrorType.AUTH),
        GATING("gating", "failed", ErrorType.GATING),
        NETWORK("network", "failed", ErrorType.NETWORK),
        SUCCESS("none", "success", null),
        OTHER("other", "failed", ErrorType.OTHER),
        TIMEOUT("timeout", "failed", ErrorType.TIMEOUT);

        /** {@link #values()} without a copy per device. */
        static final List<Row> ALL_ROWS = List.of(values());

        private final String errorType;
        private final String status;
        private final ErrorType type;
        private final Labels workerAllLabels;

        Row(String errorType, String status, ErrorType type) {
            this.errorType = errorType;
            this.status = status;
            this.type = type;
            this.workerAllLabels = labelsFor(ALL);
        }

        Labels labelsFor(String worker) {
            return Labels.of("error_type", errorType, "status", status, "worker", worker);
        }

        /** The row's value, or {@link JobCounts#ABSENT}. */
        long valueIn(JobCounts counts) {
            if (type != null) {
                return counts.failed(type);
            }
            return "success".equals(status) ? counts.complete() : counts.failed();
        }

        /**
         * The row for one worker (or the fleet) on {@code device="all"}: 0 when the hash lacks its
         * field, so every status and error type has a series from the start and an alert or an
         * {@code increase()} on a type sees its first failure (per-device rows stay as their hash holds them).
         */
        CounterDataPointSnapshot forWorker(String worker, JobCounts counts) {
            long value = valueIn(counts);
            return point(DEVICE_ALL.merge(labelsFor(worker)), value == JobCounts.ABSENT ? 0 : value);
        }
    }
}
