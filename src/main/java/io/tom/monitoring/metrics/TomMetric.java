package io.tom.monitoring.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The catalogue of the tom_* families: each one's name, type, unit, help and label names, declared
 * here once. The scrape's collector and the Micrometer counters build their families from it, and
 * docs/metrics.md is checked against it (MetricCatalogueTest).
 */
public enum TomMetric {
    JOBS("tom_jobs", Type.COUNTER, null, "Total number of jobs processed by the system",
            "worker", "device", "status", "error_type"),
    DEVICE_SERIES_FOLDED_DEVICES("tom_device_series_folded_devices", Type.GAUGE, null,
            "Devices whose series are summed into device=\"" + DeviceSeriesLimit.OVERFLOW + "\" (the device limit)"),
    WORKERS_ACTIVE("tom_workers_active", Type.GAUGE, null,
            "Number of workers that have sent a heartbeat in the last 60 seconds"),
    WORKER_LAST_HEARTBEAT("tom_worker_last_heartbeat", Type.GAUGE, null,
            "Unix timestamp (seconds since epoch) of the last heartbeat from each worker", "worker"),
    QUEUE_DEPTH("tom_queue_depth", Type.GAUGE, null, "Number of jobs waiting to be processed in each queue", "queue"),
    QUEUE_ACTIVE("tom_queue_active", Type.GAUGE, null, "Number of jobs being processed from each queue", "queue"),
    DEVICE_SEMAPHORE_LEASES("tom_device_semaphore_leases", Type.GAUGE, null,
            "Number of active (unexpired) semaphore leases per device", "device", "port"),
    STREAM_LENGTH("tom_stream_length", Type.GAUGE, null, "Entries currently held in each Tom Redis stream", "stream"),
    SCRAPE_REDIS_ROUND_TRIPS("tom_scrape_redis_round_trips", Type.GAUGE, null,
            "Requests this scrape sent to Redis (SCAN pages and pipelines; a pipeline counts once)"),
    MALFORMED_RECORDS("tom_malformed_records", Type.GAUGE, null,
            "Records skipped because they were malformed in Redis, by kind: in this scrape's read, and for"
                    + " kind event every metrics-stream event the job history skipped", "kind"),
    REDIS_UP("tom_redis_up", Type.GAUGE, null, "1 when the last read of Redis succeeded, else 0"),
    REDIS_ERRORS("tom_redis_errors", Type.GAUGE, null,
            "Redis refusals and failures met by this scrape's read, by kind: 1 for the one that stopped it"
                    + " (with tom_redis_up 0), else the records Redis refused to return (an ACL not covering them)",
            "kind"),
    BUILD_INFO("tom_build_info", Type.GAUGE, null,
            "Always 1: the controller's version, git revision and Java, to join on in dashboards",
            "version", "revision", "java_version"),
    SCRAPE_DURATION("tom_scrape_duration_seconds", Type.GAUGE, Unit.SECONDS,
            "Time this scrape spent reading Redis and building the tom_* series"),
    JOB_DURATION("tom_job_duration_seconds", Type.HISTOGRAM, Unit.SECONDS,
            "How long finished jobs ran, from the workers' metrics-stream events", "worker", "status", "error_type"),
    DEVICE_LAST_SUCCESS("tom_device_last_success_timestamp_seconds", Type.GAUGE, Unit.SECONDS,
            "Epoch seconds of each device's newest successful job (its metrics-stream event)", "device"),
    DEVICE_LAST_FAILURE("tom_device_last_failure_timestamp_seconds", Type.GAUGE, Unit.SECONDS,
            "Epoch seconds of each device's newest failed job (its metrics-stream event)", "device"),
    JOB_EVENTS_CONSUMED("tom_job_events_consumed", Type.COUNTER, null,
            "Metrics-stream events aggregated into the job history, by all controllers"),
    JOB_EVENTS_LOST("tom_job_events_lost", Type.COUNTER, null,
            "Metrics-stream events gone before any controller aggregated them: trimmed unread or while pending,"
                    + " or lost by Redis itself"),
    REDIS_DATA_RESETS("tom_redis_data_resets", Type.COUNTER, null,
            "Times the job history's consumers found Redis's data changed under them and repaired it, by kind"
                    + " (docs/job-history.md)", "kind"),
    JOB_EVENTS_LAG("tom_job_events_lag", Type.GAUGE, null, "Metrics-stream events written but not yet aggregated"),
    QUEUE_LATENCY("tom_queue_latency_seconds", Type.GAUGE, Unit.SECONDS,
            "Age of the oldest job waiting in each queue (0 when none waits)", "queue"),
    QUEUE_SCHEDULED("tom_queue_scheduled", Type.GAUGE, null,
            "Jobs scheduled to run later in each queue (delayed retries, scheduled jobs)", "queue"),
    QUEUE_OLDEST_ACTIVE("tom_queue_oldest_active_seconds", Type.GAUGE, Unit.SECONDS,
            "How long the longest-running active job of each queue has run (0 when none runs)", "queue"),
    JOBS_OVERDUE("tom_jobs_overdue", Type.GAUGE, null,
            "Active jobs of each queue running longer than their own timeout plus the overdue grace", "queue"),
    /** Counted by the trimming routes as they run, through Micrometer. */
    STREAM_TRIMMED_ENTRIES("tom_stream_trimmed_entries", Type.COUNTER, null,
            "Entries removed from each stream by the trimming routes", "stream"),
    /** Counted by the failed-commands readers as they meet such entries, through Micrometer. */
    OVERSIZED_ENTRY_READS("tom_oversized_entry_reads", Type.COUNTER, null,
            "Reads of stream entries past the size up to which a read is bounded in time (docs/api.md), by stream",
            "stream"),
    /** From the counters each feed's script keeps in Redis (fleet/FeedLossReader). */
    FEED_FAILURES_LOST("tom_feed_failures_lost", Type.COUNTER, null,
            "Failures trimmed from tom:failed_commands before the named feed delivered them", "consumer");

    /** The family types this project serves. */
    public enum Type {
        COUNTER, GAUGE, HISTOGRAM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final Type type;
    private final Unit unit;
    private final String help;
    private final List<String> labelNames;

    TomMetric(String name, Type type, Unit unit, String help, String... labelNames) {
        this.name = name;
        this.type = type;
        this.unit = unit;
        this.help = help;
        this.labelNames = List.of(labelNames);
    }

    /** The families read from Redis at each scrape, by {@link TomFleetCollector}. */
    static List<String> collectedNames() {
        return Arrays.stream(values()).filter(family -> !family.countedByMicrometer()).map(TomMetric::familyName)
                .toList();
    }

    /** The family's name without a counter's {@code _total}, as the Prometheus client registers it. */
    public String familyName() {
        return name;
    }

    /** The name of its samples: a counter's with {@code _total}. */
    public String sampleName() {
        return type == Type.COUNTER ? name + "_total" : name;
    }

    public Type type() {
        return type;
    }

    public String help() {
        return help;
    }

    public List<String> labelNames() {
        return labelNames;
    }

    boolean countedByMicrometer() {
        return this == STREAM_TRIMMED_ENTRIES || this == OVERSIZED_ENTRY_READS;
    }

    /** The label values, in the order of {@link #labelNames()}. */
    Labels labels(String... values) {
        if (values.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + values.length);
        }
        return Labels.of(labelNames, List.of(values));
    }

    GaugeSnapshot.Builder gauge() {
        expect(Type.GAUGE);
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        return unit == null ? gauge : gauge.unit(unit);
    }

    CounterSnapshot.Builder counter() {
        expect(Type.COUNTER);
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        return unit == null ? counter : counter.unit(unit);
    }

    HistogramSnapshot.Builder histogram() {
        expect(Type.HISTOGRAM);
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(name).help(help);
        return unit == null ? histogram : histogram.unit(unit);
    }

    /** A Micrometer-counted family's counter for one label value, registered (at 0) on first use. */
    public Counter counter(MeterRegistry meters, String labelValue) {
        if (!countedByMicrometer()) {
            throw new IllegalStateException(name + " is built at each scrape, not counted through Micrometer");
        }
        // Micrometer's Prometheus naming turns the dots back into underscores and adds _total
        return Counter.builder(name.replace('_', '.')).description(help).tag(labelNames.get(0), labelValue)
                .register(meters);
    }

    private void expect(Type wanted) {
        if (type != wanted) {
            throw new IllegalStateException(name + " is a " + type.label() + ", not a " + wanted.label());
        }
    }
}
