package io.tom.monitoring.api;

import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the monitoring API (docs/api.md). Field names are written in snake_case by the
 * routes' Jackson data format ({@code lastHeartbeat} becomes {@code last_heartbeat}).
 */
public final class ApiResponses {

    private ApiResponses() {
    }

    public record Workers(List<Worker> workers, int total) {
    }

    /** @param secondsSinceHeartbeat whole seconds, truncated, as Tom's Python controller sends it */
    public record Worker(String id, String status, String lastHeartbeat, long secondsSinceHeartbeat,
            String hostname, String version, Long pid) {
    }

    public record StatsSummary(GlobalStats global, List<WorkerTotals> workers, List<DeviceTotals> topDevices,
            Durations durations, List<QueueStats> queues) {
    }

    /** Fleet-wide job durations in seconds, estimated from the histogram; null without observations. */
    public record Durations(long count, Double p50, Double p95, Double p99) {
    }

    /** @param latencySeconds the oldest waiting job's age, null when it could not be read */
    public record QueueStats(String queue, long depth, long active, Double latencySeconds, long scheduled) {
    }

    public record GlobalStats(long totalJobs, long successful, long failed, double successRate) {
    }

    public record WorkerTotals(String id, long complete, long failed, long total) {
    }

    public record DeviceTotals(String device, long complete, long failed, long total) {
    }

    public record Failures(List<Failure> failures, int total) {
    }

    public record Failure(String timestamp, String device, String command, String errorType, String error,
            String jobId, String worker, String credentialId, Integer attempts) {
    }

    /** @param lastSuccess ISO UTC time of the device's newest successful job, null when unknown */
    public record DeviceStats(String device, DeviceCounts stats, List<RecentFailure> recentFailures,
            String lastSuccess, String lastFailure) {
    }

    public record DeviceCounts(long totalSuccess, long totalFailed, long total, double failureRate,
            Map<String, Long> errorBreakdown) {
    }

    public record RecentFailure(String timestamp, String command, String errorType, String error) {
    }
}
