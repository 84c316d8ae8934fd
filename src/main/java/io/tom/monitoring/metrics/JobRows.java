package io.tom.monitoring.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.JobCounts;

/**
 * The rows of {@code tom_jobs_total} (docs/metrics.md): for each stats hash, {@code complete} as
 * success/none, {@code failed} as failed/all, each {@code <type>_failed} as failed/type. A field a
 * device's hash lacks has no row; the fleet-wide and per-worker rows (device="all") are all there,
 * 0 for a field the hash lacks. Rows come in the Prometheus client's sort order (label values
 * device, error_type, status, worker, compared as strings), written straight to the exposition.
 */
final class JobRows implements WrittenFamily.Rows {

    static final String ALL = ExportedIds.ALL;

    /** Empty on a shard other than 0, which exports no device="all" row. */
    private final Optional<JobCounts> global;
    private final Map<String, JobCounts> workerRows;
    private final Map<String, JobCounts> deviceRows;
    /** Every device id of deviceRows in String order, and perhaps ids it does not hold (skipped). */
    private final List<String> devices;
    private final List<String> workers;

    /**
     * @param global     tom:stats:global (the device="all", worker="all" rows); empty for no device="all" rows
     * @param workerRows the workers' hashes, by worker id
     * @param deviceRows the devices' hashes, by device id, none of them reserved
     */
    JobRows(Optional<JobCounts> global, Map<String, JobCounts> workerRows, Map<String, JobCounts> deviceRows) {
        this(global, workerRows, deviceRows, Arrays.asList(ExportedIds.sorted(deviceRows.keySet())));
    }

    /**
     * @param idsInOrder every key of {@code deviceRows} in String order, sorted already (by the
     *                   read); an id {@code deviceRows} does not hold (a reserved one) has no rows
     */
    JobRows(Optional<JobCounts> global, Map<String, JobCounts> workerRows, Map<String, JobCounts> deviceRows,
            List<String> idsInOrder) {
        this.global = global;
        this.workerRows = workerRows;
        this.deviceRows = deviceRows;
        this.devices = idsInOrder;
        this.workers = new ArrayList<>(workerRows.keySet());
        workers.add(ALL);
        workers.sort(null);
    }

    @Override
    public void writeTo(WrittenFamily.RowSink sink) {
        String[] labels = new String[4];
        // the device="all" rows go where "all" sorts among the device ids
        boolean allWritten = global.isEmpty();
        for (String device : devices) {
            if (!allWritten && device.compareTo(ALL) > 0) {
                writeFleetRows(sink, labels);
                allWritten = true;
            }
            JobCounts counts = deviceRows.get(device);
            if (counts == null) {
                continue;
            }
            labels[0] = device;
            for (Row row : Row.ALL_ROWS) {
                long value = row.valueIn(counts);
                if (value != JobCounts.ABSENT) {
                    row.label(labels, ALL);
                    sink.row(labels, value);
                }
            }
        }
        if (!allWritten) {
            writeFleetRows(sink, labels);
        }
    }

    /** device="all": the fleet-wide and per-worker rows. */
    private void writeFleetRows(WrittenFamily.RowSink sink, String[] labels) {
        labels[0] = ALL;
        for (Row row : Row.ALL_ROWS) {
            for (String worker : workers) {
                JobCounts counts = worker.equals(ALL) ? global.get() : workerRows.get(worker);
                long value = row.valueIn(counts);
                row.label(labels, worker);
                sink.row(labels, value == JobCounts.ABSENT ? 0 : value);
            }
        }
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

        Row(String errorType, String status, ErrorType type) {
            this.errorType = errorType;
            this.status = status;
            this.type = type;
        }

        /** Sets error_type, status and worker in {@code labels} (device, error_type, status, worker). */
        void label(String[] labels, String worker) {
            labels[1] = errorType;
            labels[2] = status;
            labels[3] = worker;
        }

        /** The row's value, or {@link JobCounts#ABSENT}. */
        long valueIn(JobCounts counts) {
            if (type != null) {
                return counts.failed(type);
            }
            return "success".equals(status) ? counts.complete() : counts.failed();
        }
    }
}
