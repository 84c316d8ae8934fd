package io.tom.monitoring.fleet;

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
}
