package io.tom.monitoring.domain;

import java.util.Optional;

/**
 * The job history the controllers derive from {@code tom:metrics:stream} (docs/redis-layout.md,
 * "Job history"): the only keys this project owns besides consumer cursors, all under
 * {@code tom:monitoring:}. Each carries the hash tag of the stream's own name, so on a Redis
 * Cluster they live in the stream's slot and one script can read the stream, acknowledge entries
 * and apply their aggregates atomically.
 */
public final class JobHistory {

    /** The consumer group every controller reads the stream with. */
    public static final String GROUP = "tom-monitoring";

    private static final String PREFIX = "tom:monitoring:{" + MetricsEvent.STREAM + "}:";

    /** Hash: the duration histogram, fields as {@link #durationField}. */
    public static final String DURATIONS = PREFIX + "durations";
    /** Sorted set: device, scored by the epoch milliseconds of its newest successful event. */
    public static final String LAST_SUCCESS = PREFIX + "last_success";
    /** Sorted set: device, scored by the epoch milliseconds of its newest failed event. */
    public static final String LAST_FAILURE = PREFIX + "last_failure";
    /** Sorted set: device, scored by the epoch milliseconds of its newest event; drives retention. */
    public static final String LAST_EVENT = PREFIX + "last_event";
    /** Hash: the consumer's own counts, fields below. */
    public static final String CONSUMER = PREFIX + "consumer";
    /** Set: the devices whose series are shown under a device limit. */
    public static final String SHOWN_DEVICES = PREFIX + "shown_devices";
    /** String: held by the controller refreshing {@link #SHOWN_DEVICES}, expiring with the interval. */
    public static final String SHOWN_DEVICES_LOCK = PREFIX + "shown_devices_lock";
    /** Hash: the jobs of devices outside {@link #SHOWN_DEVICES}, fields as a stats hash's. */
    public static final String OTHER_DEVICES = PREFIX + "other_devices";
    /** Hash: how often the consumers found Redis's data changed under them, by kind (lua/job-history-read.lua). */
    public static final String RESETS = PREFIX + "resets";

    /** {@link #CONSUMER} fields. */
    public static final String EPOCH = "epoch";
    public static final String BASELINE = "baseline";
    public static final String DELIVERED = "delivered";
    public static final String DELIVERED_THROUGH = "delivered_through";
    public static final String ADDED_SEEN = "added_seen";
    public static final String CONSUMED = "consumed";
    public static final String MALFORMED = "malformed";
    public static final String LOST_UNREAD = "lost_unread";
    public static final String LOST_PENDING = "lost_pending";
    /**
     * The duration bounds the controller that last wrote it applies, as
     * {@code <bounds>|<consumer>|<epoch ms>}: how controllers with different
     * {@code TOM_METRICS_DURATION_BUCKETS} on one Redis notice each other.
     */
    public static final String DURATION_BUCKETS = "duration_buckets";
    /** Events Redis itself lost (a restore from an older snapshot), seen by a consumer before. */
    public static final String LOST_IN_REDIS = "lost_in_redis";

    /** The part of a histogram series a {@link #DURATIONS} field counts. */
    public static final String SUM_NANOS = "sum_ns";
    private static final String BUCKET = "le=";

    private static final char SEPARATOR = '|';

    private JobHistory() {
    }

    /**
     * A {@link #DURATIONS} field: {@code <status>|<error_type>|<part>|<worker>}, the worker last
     * because it is the only part that may itself hold the separator.
     *
     * @param part {@link #SUM_NANOS} or {@link #bucket}
     */
    public static String durationField(String status, String errorType, String part, String worker) {
        return status + SEPARATOR + errorType + SEPARATOR + part + SEPARATOR + worker;
    }

    /** The part naming the bucket whose upper bound is {@code le} (its canonical text, {@code +Inf} last). */
    public static String bucket(String le) {
        return BUCKET + le;
    }

    /** The upper bound's text when {@code part} names a bucket. */
    public static Optional<String> bucketBound(String part) {
        return part.startsWith(BUCKET) ? Optional.of(part.substring(BUCKET.length())) : Optional.empty();
    }

    /** A {@link #DURATIONS} field, parsed; empty when it is not of that form. */
    public static Optional<DurationField> parseDurationField(String field) {
        int first = field.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : field.indexOf(SEPARATOR, first + 1);
        int third = second < 0 ? -1 : field.indexOf(SEPARATOR, second + 1);
        if (third < 0 || third == field.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new DurationField(field.substring(0, first), field.substring(first + 1, second),
                field.substring(second + 1, third), field.substring(third + 1)));
    }

    /** One parsed {@link #DURATIONS} field. */
    public record DurationField(String status, String errorType, String part, String worker) {
    }
}
