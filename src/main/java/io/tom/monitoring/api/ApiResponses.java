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

    public record Worker(String id, String status, String lastHeartbeat, double secondsSinceHeartbeat,
            String hostname, String version, Long pid) {
    }

    public record StatsSummary(GlobalStats global, List<WorkerTotals> workers, List<DeviceTotals> topDevices) {
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

    public record DeviceStats(String device, DeviceCounts stats, List<RecentFailure> recentFailures) {
    }

    public record DeviceCounts(long totalSuccess, long totalFailed, long total, double failureRate,
            Map<String, Long> errorBreakdown) {
    }

    public record RecentFailure(String timestamp, String command, String errorType, String error) {
    }
}
