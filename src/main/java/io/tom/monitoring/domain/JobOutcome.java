package io.tom.monitoring.domain;


/**
 * A finished job as a worker records it.
 *
 * @param errorType       null when the job succeeded
 * @param durationSeconds how long the job ran, or null when unknown
 * @param epochSeconds    when the job finished (the worker's clock)
 */
public record JobOutcome(
        String worker,
        String device,
        ErrorType errorType,
        Double durationSeconds,
        String jobId,
        String command,
        String error,
        String credentialId,
        int attempts,
        long epochSeconds) {

    /** Ids the exposition uses for its own rows: a worker or device of that name would collide with them. */
    public static final java.util.Set<String> RESERVED_IDS = java.util.Set.of("all", "_other");

    public JobOutcome {
        requireId(worker, "worker");
        requireId(device, "device");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        if (durationSeconds != null && (durationSeconds < 0 || !Double.isFinite(durationSeconds)
                || durationSeconds > MetricsEvent.MAX_DURATION_SECONDS)) {
            throw new IllegalArgumentException("duration must be a number of seconds from 0 to "
                    + (long) MetricsEvent.MAX_DURATION_SECONDS + " (the job history takes no longer one)");
        }
    }

    public static JobOutcome success(String worker, String device, String jobId, double durationSeconds,
            long epochSeconds) {
        return new JobOutcome(worker, device, null, durationSeconds, jobId, null, null, null, 1, epochSeconds);
    }

    public static JobOutcome failure(String worker, String device, ErrorType errorType, String jobId, String command,
            String error, String credentialId, int attempts, double durationSeconds, long epochSeconds) {
        if (errorType == null) {
            throw new IllegalArgumentException("a failed job needs an error type");
        }
        return new JobOutcome(worker, device, errorType, durationSeconds, jobId, command, error, credentialId,
                attempts, epochSeconds);
    }

    public boolean succeeded() {
        return errorType == null;
    }

    private static void requireId(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MetricsEvent.FIELD_MAX_BYTES) {
            throw new IllegalArgumentException(name + " is longer than " + MetricsEvent.FIELD_MAX_BYTES
                    + " bytes (the job history skips such events)");
        }
        if (RESERVED_IDS.contains(value)) {
            throw new IllegalArgumentException(name + " '" + value + "' is reserved: tom_jobs_total uses it for its"
                    + " aggregate rows (worker=\"all\", device=\"all\", device=\"_other\")");
        }
    }
}
