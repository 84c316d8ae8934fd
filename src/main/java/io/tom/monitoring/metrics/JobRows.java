package io.tom.monitoring.metrics;

import java.util.ArrayList;
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
    /** The devices' hashes in id (String) order; a reserved id among them has no rows. */
    private final List<Map.Entry<String, JobCounts>> devices;
    /** The devices' rows as text, when written ahead for exactly {@link #devices}. */
    private final Optional<DeviceRowsText> written;
    private final List<String> workers;

    /**
     * The devices' rows written ahead as text: those sorting before the fleet's (device="all")
     * rows, and those after. Held as chunks, they join the answer without a copy.
     */
    record DeviceRowsText(List<Map.Entry<String, JobCounts>> devices, ChunkedBody beforeFleet, ChunkedBody afterFleet) {
    }

    /**
     * @param global     tom:stats:global (the device="all", worker="all" rows); empty for no device="all" rows
     * @param workerRows the workers' hashes, by worker id
     * @param deviceRows the devices' hashes, by device id, none of them reserved
     */
    JobRows(Optional<JobCounts> global, Map<String, JobCounts> workerRows, Map<String, JobCounts> deviceRows) {
        this(global, workerRows, sorted(deviceRows), Optional.empty());
    }

    /**
     * @param devicesInOrder the devices' hashes in id (String) order, sorted already (by the read);
     *                       an entry under a reserved id (the read's {@code all}) has no rows
     * @param written        the devices' rows written ahead ({@link #writeAhead}); used only when
     *                       written for this very list
     */
    JobRows(Optional<JobCounts> global, Map<String, JobCounts> workerRows,
            List<Map.Entry<String, JobCounts>> devicesInOrder, Optional<DeviceRowsText> written) {
        this.global = global;
        this.workerRows = workerRows;
        this.devices = devicesInOrder;
        this.written = written.filter(text -> text.devices() == devicesInOrder);
        this.workers = new ArrayList<>(workerRows.keySet());
        workers.add(ALL);
        workers.sort(null);
    }

    private static List<Map.Entry<String, JobCounts>> sorted(Map<String, JobCounts> deviceRows) {
        List<Map.Entry<String, JobCounts>> inOrder = new ArrayList<>(deviceRows.entrySet());
        inOrder.sort(Map.Entry.comparingByKey());
        return inOrder;
    }

    /**
     * The rows of {@code devicesInOrder} as text, written ahead of the answer: on the decoding
     * thread, while the leases are still being read.
     */
    static DeviceRowsText writeAhead(List<Map.Entry<String, JobCounts>> devicesInOrder) {
        int fleetRowsAt = fleetRowsAt(devicesInOrder);
        return new DeviceRowsText(devicesInOrder,
                ExpositionWriter.rowsAhead(TomMetric.JOBS, sink -> writeDevices(sink, devicesInOrder.subList(0, fleetRowsAt))),
                ExpositionWriter.rowsAhead(TomMetric.JOBS,
                        sink -> writeDevices(sink, devicesInOrder.subList(fleetRowsAt, devicesInOrder.size()))));
    }

    @Override
    public void writeTo(WrittenFamily.RowSink sink) {
        // the device="all" rows go where "all" sorts among the device ids
        int fleetRowsAt = fleetRowsAt(devices);
        if (written.isEmpty() || !sink.text(written.get().beforeFleet())) {
            writeDevices(sink, devices.subList(0, fleetRowsAt));
        }
        if (global.isPresent()) {
            writeFleetRows(sink, new String[4]);
        }
        if (written.isEmpty() || !sink.text(written.get().afterFleet())) {
            writeDevices(sink, devices.subList(fleetRowsAt, devices.size()));
        }
    }

    /** The index of the first device sorting after "all". */
    private static int fleetRowsAt(List<Map.Entry<String, JobCounts>> devicesInOrder) {
        int low = 0;
        int high = devicesInOrder.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (devicesInOrder.get(middle).getKey().compareTo(ALL) > 0) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    private static void writeDevices(WrittenFamily.RowSink sink, List<Map.Entry<String, JobCounts>> devicesInOrder) {
        String[] labels = new String[4];
        for (Map.Entry<String, JobCounts> device : devicesInOrder) {
            String id = device.getKey();
            if (ExportedIds.isReserved(id)) {
                continue;
            }
            JobCounts counts = device.getValue();
            labels[0] = id;
            for (Row row : Row.ALL_ROWS) {
                long value = row.valueIn(counts);
                if (value != JobCounts.ABSENT) {
                    row.label(labels, ALL);
                    sink.row(labels, value);
                }
            }
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
