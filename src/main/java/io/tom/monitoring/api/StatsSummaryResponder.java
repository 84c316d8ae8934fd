package io.tom.monitoring.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import io.tom.monitoring.domain.SaqQueue;
import io.tom.monitoring.fleet.FleetSnapshot;
import io.tom.monitoring.fleet.FleetSnapshotReader;
import io.tom.monitoring.fleet.QueueTimings;
import io.tom.monitoring.history.DurationQuantiles;
import io.tom.monitoring.history.JobHistoryReader;
import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.redis.RedisRefusal;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code GET /api/monitoring/stats/summary}: fleet-wide totals from {@code tom:stats:global}, every
 * worker's totals, and the 10 devices with the most jobs (ties by device id).
 */
public final class StatsSummaryResponder implements Processor {

    static final int TOP_DEVICES = 10;

    private final FleetSnapshotReader reader;
    private final JobHistoryReader history;
    private final QueueTimings queueTimings;

    public StatsSummaryResponder(FleetSnapshotReader reader, JobHistoryReader history, QueueTimings queueTimings) {
        this.reader = reader;
        this.history = history;
        this.queueTimings = queueTimings;
    }

    @Override
    public void process(Exchange exchange) {
        FleetSnapshot fleet = reader.read(EnumSet.of(FleetSnapshotReader.Part.STATS, FleetSnapshotReader.Part.QUEUES))
                .complete();

        long successful = fleet.global().map(JobCounts::completedOrZero).orElse(0L);
        long failed = fleet.global().map(JobCounts::failedOrZero).orElse(0L);
        ApiResponses.GlobalStats global = new ApiResponses.GlobalStats(successful + failed, successful, failed,
                Percentages.of(successful, successful + failed));

        List<ApiResponses.WorkerTotals> workers = new ArrayList<>();
        fleet.workers().forEach((id, counts) -> {
            workers.add(new ApiResponses.WorkerTotals(id, counts.completedOrZero(), counts.failedOrZero(),
                    counts.total()));
        });
        workers.sort(Comparator.comparing(ApiResponses.WorkerTotals::id));

        DurationQuantiles durations = DurationQuantiles.of(history.buckets().bounds(), history.durations());
        List<ApiResponses.QueueStats> queues = queues(fleet);
        exchange.getMessage().setBody(new ApiResponses.StatsSummary(global, workers,
                BusiestDevices.of(fleet.devices(), TOP_DEVICES),
                new ApiResponses.Durations(durations.count(), seconds(durations.quantile(0.5)),
                        seconds(durations.quantile(0.95)), seconds(durations.quantile(0.99))),
                queues, fleet.malformed().skipped()));
    }

    private List<ApiResponses.QueueStats> queues(FleetSnapshot fleet) {
        Map<String, QueueTimings.Timing> timings = new HashMap<>();
        for (QueueTimings.Timing timing : queueTimings.read(fleet.redisTimeSeconds(), fleet.malformed())) {
            timings.put(timing.queue(), timing);
        }
        List<ApiResponses.QueueStats> queues = new ArrayList<>();
        for (SaqQueue queue : fleet.queues()) {
            QueueTimings.Timing timing = timings.get(queue.queue());
            queues.add(new ApiResponses.QueueStats(queue.queue(), queue.queued(), queue.active(),
                    timing == null || Double.isNaN(timing.latencySeconds()) ? null : round(timing.latencySeconds()),
                    timing == null ? 0 : timing.scheduled()));
        }
        return queues;
    }

    /** Milliseconds are as precise as a JSON reader needs. */
    private static Double seconds(OptionalDouble value) {
        return value.isPresent() ? round(value.getAsDouble()) : null;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
