package io.tom.monitoring.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tom.monitoring.fleet.FailedCommandsReader;
import io.tom.monitoring.fleet.FailureFilter;
import io.tom.monitoring.history.JobHistoryReader;
import io.tom.monitoring.fleet.DeviceStatsReader;
import io.tom.monitoring.http.ApiException;
import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.JobCounts;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * {@code GET /api/monitoring/device_stats/{device}}: the device's counters, failure rate, error
 * breakdown, its own 10 most recent failures (searched through the whole failures stream) and the
 * times of its newest successful and failed jobs from the job history.
 */
public final class DeviceStatsResponder implements Processor {

    static final int RECENT_FAILURES = 10;

    private final DeviceStatsReader stats;
    private final FailedCommandsReader failures;
    private final JobHistoryReader history;

    public DeviceStatsResponder(DeviceStatsReader stats, FailedCommandsReader failures, JobHistoryReader history) {
        this.stats = stats;
        this.failures = failures;
        this.history = history;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String device = message.getHeader("device", String.class);
        if (device == null || device.isEmpty()) {
            throw ApiException.badRequest("the device is missing from the path");
        }
        Optional<ApiResponses.DeviceStats> found = lookUp(device);
        Optional<String> canonical = Ipv6Text.canonical(device).filter(text -> !text.equals(device));
        if (found.isEmpty() && canonical.isPresent()) {
            // workers write IPv6 addresses in their canonical text; the caller may have typed another
            found = lookUp(canonical.get());
        }
        message.setBody(found.orElseThrow(() -> ApiException.notFound("Redis holds no stats and no failures for device '"
                + device + "'" + canonical.map(text -> " (nor for '" + text + "')").orElse(""))));
    }

    private Optional<ApiResponses.DeviceStats> lookUp(String device) {
        Optional<JobCounts> counts = stats.read(device);
        List<ApiResponses.RecentFailure> recent = failures.read(FailureFilter.forDevice(device), RECENT_FAILURES)
                .stream()
                .map(f -> new ApiResponses.RecentFailure(IsoTimestamps.ofEpochMillis(f.epochMillis()), f.command(),
                        f.errorType(), f.error()))
                .toList();
        JobHistoryReader.DeviceHistory last = history.device(device);
        if (counts.isEmpty() && recent.isEmpty() && last.lastSuccessMillis().isEmpty()
                && last.lastFailureMillis().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ApiResponses.DeviceStats(device, view(counts), recent,
                last.lastSuccessMillis().map(IsoTimestamps::ofEpochMillis).orElse(null),
                last.lastFailureMillis().map(IsoTimestamps::ofEpochMillis).orElse(null)));
    }

    private static ApiResponses.DeviceCounts view(Optional<JobCounts> counts) {
        long success = counts.map(JobCounts::completedOrZero).orElse(0L);
        long failed = counts.map(JobCounts::failedOrZero).orElse(0L);
        Map<String, Long> breakdown = new LinkedHashMap<>();
        counts.ifPresent(c -> {
            for (ErrorType type : ErrorType.values()) {
                if (c.failed(type) != JobCounts.ABSENT) {
                    breakdown.put(type.label(), c.failed(type));
                }
            }
        });
        return new ApiResponses.DeviceCounts(success, failed, success + failed, Percentages.of(failed, success + failed),
                breakdown);
    }
}
