package io.tom.monitoring.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

import io.tom.monitoring.fleet.FleetSnapshot;
import io.tom.monitoring.fleet.FleetSnapshotReader;
import io.tom.monitoring.domain.JobCounts;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code GET /api/monitoring/stats/summary}: fleet-wide totals from {@code tom:stats:global}, every
 * worker's totals, and the 10 devices with the most jobs (ties by device id).
 */
public final class StatsSummaryResponder implements Processor {

    static final int TOP_DEVICES = 10;

    private static final Comparator<ApiResponses.DeviceTotals> BUSIEST_FIRST =
            Comparator.comparingLong(ApiResponses.DeviceTotals::total).reversed()
                    .thenComparing(ApiResponses.DeviceTotals::device);

    private final FleetSnapshotReader reader;

    public StatsSummaryResponder(FleetSnapshotReader reader) {
        this.reader = reader;
    }

    @Override
    public void process(Exchange exchange) {
        FleetSnapshot fleet = reader.read(EnumSet.of(FleetSnapshotReader.Part.STATS));

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

        List<ApiResponses.DeviceTotals> devices = new ArrayList<>(fleet.devices().size());
        fleet.devices().forEach((device, counts) -> {
            devices.add(new ApiResponses.DeviceTotals(device, counts.completedOrZero(), counts.failedOrZero(),
                    counts.total()));
        });
        devices.sort(BUSIEST_FIRST);

        exchange.getMessage().setBody(new ApiResponses.StatsSummary(global, workers,
                List.copyOf(devices.subList(0, Math.min(TOP_DEVICES, devices.size())))));
    }
}
