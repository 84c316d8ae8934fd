package io.tom.monitoring.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the stream {@code tom:failed_commands} (docs/redis-layout.md, "Failed commands"):
 * {@code device}, {@code command} (at most 500 characters), {@code error} (at most 1000),
 * {@code error_type}, {@code job_id}, {@code worker_id}, {@code credential_id}, {@code attempts},
 * {@code timestamp}; capped at 1000 entries. Its time is the entry id's milliseconds: the Redis
 * clock when the worker recorded the failure, which is also what {@code since} filters on.
 */
public record FailedCommand(
        String entryId,
        long epochMillis,
        String device,
        String command,
        String error,
        String errorType,
        String jobId,
        String workerId,
        String credentialId,
        Integer attempts) {

    public static final String STREAM = "tom:failed_commands";
    public static final long MAXLEN = 1_000;
    public static final int COMMAND_MAX_CHARS = 500;
    public static final int ERROR_MAX_CHARS = 1_000;

    /**
     * The failure in one entry, or null when it lacks a required field or has a non-integer attempts.
     *
     * @param epochMillis the entry id's milliseconds
     */
    public static FailedCommand decode(String entryId, long epochMillis, Map<String, String> fields) {
        String device = fields.get("device");
        String errorType = fields.get("error_type");
        String command = fields.get("command");
        String error = fields.get("error");
        if (isBlank(device) || isBlank(errorType) || command == null || error == null) {
            return null;
        }
        Integer attempts = null;
        String rawAttempts = fields.get("attempts");
        if (rawAttempts != null) {
            try {
                attempts = Integer.valueOf(rawAttempts.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        // another program may have written more than the layout allows: cut, never fail on it
        return new FailedCommand(entryId, epochMillis, device, truncate(command, COMMAND_MAX_CHARS),
                truncate(error, ERROR_MAX_CHARS), errorType, fields.get("job_id"), fields.get("worker_id"),
                fields.get("credential_id"), attempts);
    }

    /** The entry a worker adds for a failed job, with the upstream field limits. */
    public static Map<String, String> encode(JobOutcome job) {
        if (job.succeeded()) {
            throw new IllegalArgumentException("a successful job has no failed-command entry");
        }
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("device", job.device());
        entry.put("command", truncate(job.command(), COMMAND_MAX_CHARS));
        entry.put("error", truncate(job.error(), ERROR_MAX_CHARS));
        entry.put("error_type", job.errorType().label());
        entry.put("job_id", nullToEmpty(job.jobId()));
        entry.put("worker_id", job.worker());
        entry.put("credential_id", nullToEmpty(job.credentialId()));
        entry.put("attempts", String.valueOf(job.attempts()));
        entry.put("timestamp", String.valueOf(job.epochSeconds()));
        return entry;
    }

    /** At most {@code max} characters (code points), and no broken character at the end. */
    private static String truncate(String value, int max) {
        String text = nullToEmpty(value);
        if (text.length() > 0 && text.charAt(text.length() - 1) == '\uFFFD') {
            text = text.substring(0, text.length() - 1);
        }
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
