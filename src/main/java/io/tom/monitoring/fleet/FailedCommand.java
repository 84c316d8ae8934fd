package io.tom.monitoring.fleet;

import java.util.Map;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * One entry of {@code tom:failed_commands}. Its time is the stream entry id's milliseconds: the
 * Redis clock when the worker recorded the failure, which is also what {@code since} filters on.
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

    /** The failure, or null when the entry lacks a required field or has a non-integer attempts. */
    public static FailedCommand fromEntry(StreamEntry entry) {
        Map<String, String> fields = entry.getFields();
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
        StreamEntryID id = entry.getID();
        return new FailedCommand(id.toString(), id.getTime(), device, command, error, errorType,
                fields.get("job_id"), fields.get("worker_id"), fields.get("credential_id"), attempts);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
