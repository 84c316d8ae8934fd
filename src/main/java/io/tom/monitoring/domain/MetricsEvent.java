package io.tom.monitoring.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the stream {@code tom:metrics:stream} (docs/redis-layout.md, "Metrics stream"): a
 * finished job as {@code timestamp} (whole epoch seconds), {@code worker}, {@code device},
 * {@code status} ({@code success} or {@code failed}), {@code error_type} ({@code none} on success)
 * and an optional {@code duration} (float seconds); capped at 10,000 entries. The event's time is
 * its entry id's milliseconds.
 *
 * @param errorType       empty for a success
 * @param durationSeconds null when the worker wrote none
 */
public record MetricsEvent(
        long epochMillis,
        String worker,
        String device,
        Optional<ErrorType> errorType,
        Double durationSeconds) {

    public static final String STREAM = "tom:metrics:stream";
    public static final long MAXLEN = 10_000;
    /** The longest duration the job history takes (about 31 years): longer ones are not a job's. */
    public static final double MAX_DURATION_SECONDS = 1e9;
    /** The most bytes a field of an event may hold; a longer one makes the event malformed. */
    public static final int FIELD_MAX_BYTES = 1024;

    static final String SUCCESS = "success";
    static final String FAILED = "failed";
    static final String NONE = "none";

    public boolean succeeded() {
        return errorType.isEmpty();
    }

    /** The status label: {@code success} or {@code failed}. */
    public String status() {
        return succeeded() ? SUCCESS : FAILED;
    }

    /** The error type label: {@code none} on success. */
    public String errorTypeLabel() {
        return errorType.map(ErrorType::label).orElse(NONE);
    }

    /**
     * The event in one entry, or null when it is malformed: a missing timestamp, worker or device, an unknown
     * status, an error type that does not match the status, or a duration that is not a finite
     * number of seconds &ge; 0.
     *
     * @param epochMillis the entry id's milliseconds
     */
    public static MetricsEvent decode(long epochMillis, Map<String, String> fields) {
        String worker = fields.get("worker");
        String device = fields.get("device");
        String status = fields.get("status");
        String errorType = fields.get("error_type");
        if (isBlank(worker) || isBlank(device) || status == null || errorType == null
                || fields.get("timestamp") == null) {
            return null;
        }
        Optional<ErrorType> type;
        if (SUCCESS.equals(status) && NONE.equals(errorType)) {
            type = Optional.empty();
        } else if (FAILED.equals(status)) {
            type = ErrorType.fromLabel(errorType);
            if (type.isEmpty()) {
                return null;
            }
        } else {
            return null;
        }
        Double duration = null;
        String rawDuration = fields.get("duration");
        if (rawDuration != null) {
            try {
                duration = Double.valueOf(rawDuration.trim());
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(duration) || duration < 0) {
                return null;
            }
        }
        return new MetricsEvent(epochMillis, worker, device, type, duration);
    }

    /** The entry a worker adds for a finished job. */
    public static Map<String, String> encode(JobOutcome job) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("timestamp", String.valueOf(job.epochSeconds()));
        event.put("worker", job.worker());
        event.put("device", job.device());
        event.put("status", job.succeeded() ? SUCCESS : FAILED);
        event.put("error_type", job.succeeded() ? NONE : job.errorType().label());
        if (job.durationSeconds() != null) {
            event.put("duration", String.valueOf(job.durationSeconds()));
        }
        return event;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
