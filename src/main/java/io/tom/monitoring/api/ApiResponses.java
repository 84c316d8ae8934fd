package io.tom.monitoring.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The JSON shapes of the monitoring API (docs/api.md), in snake_case ({@code lastHeartbeat} is
 * {@code last_heartbeat}): the routes' Jackson data format writes them so, and the annotation
 * makes the OpenAPI document describe them so.
 */
public final class ApiResponses {

    private ApiResponses() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    /** @param skippedRecords records of Redis left out because they were malformed, by kind ({} when none) */
    public record Workers(List<Worker> workers, int total, Map<String, Long> skippedRecords) {
    }

    /** @param secondsSinceHeartbeat whole seconds, truncated, as Tom's Python controller sends it */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Worker(String id, String status, String lastHeartbeat, long secondsSinceHeartbeat,
            String hostname, String version, Long pid) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    /** @param skippedRecords records of Redis left out because they were malformed, by kind ({} when none) */
    public record StatsSummary(GlobalStats global, List<WorkerTotals> workers, List<DeviceTotals> topDevices,
            Durations durations, List<QueueStats> queues, Map<String, Long> skippedRecords) {
    }

    /** Fleet-wide job durations in seconds, estimated from the histogram; null without observations. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Durations(long count, Double p50, Double p95, Double p99) {
    }

    /** @param latencySeconds the oldest waiting job's age, null when it could not be read */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    /** @param depth null (with skipped_records) when the queue's list could not be read; so is active */
    public record QueueStats(String queue, Long depth, Long active, Double latencySeconds, long scheduled) {
    }

    /**
     * @param total   active jobs read across the queues asked for (the list holds the first {@code limit})
     * @param overdue of those, the jobs running past their timeout plus the overdue grace
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ActiveJobs(List<ActiveJobRow> jobs, int total, long overdue, Map<String, Long> skippedRecords) {
    }

    /**
     * One running job; never its credential. {@code host}, {@code port}, {@code device_type} and
     * {@code worker} are null where the job does not record them.
     *
     * @param started        ISO UTC time the worker started it; null before it starts
     * @param timeoutSeconds its SAQ timeout; 0 when it has none
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ActiveJobRow(String queue, String key, String function, String host, Integer port,
            String deviceType, String started, long secondsRunning, double timeoutSeconds, boolean overdue,
            String worker) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GlobalStats(long totalJobs, long successful, long failed, double successRate) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WorkerTotals(String id, long complete, long failed, long total) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeviceTotals(String device, long complete, long failed, long total) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Failures(List<Failure> failures, int total) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Failure(String timestamp, String device, String command, String errorType, String error,
            String jobId, String worker, String credentialId, Integer attempts) {
    }

    /** @param lastSuccess ISO UTC time of the device's newest successful job, null when unknown */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeviceStats(String device, DeviceCounts stats, List<RecentFailure> recentFailures,
            String lastSuccess, String lastFailure) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeviceCounts(long totalSuccess, long totalFailed, long total, double failureRate,
            Map<String, Long> errorBreakdown) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RecentFailure(String timestamp, String command, String errorType, String error) {
    }

    /** The error contract of every endpoint: {@code {"error", "detail"}}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ErrorBody(String error, String detail) {
    }
}
