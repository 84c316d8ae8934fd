package io.tom.monitoring.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import io.tom.monitoring.domain.JobCounts;

/**
 * The devices with the most jobs, ties by device id: kept in a heap of the few wanted while the
 * fleet is walked once, so the cost grows with the fleet and not with the fleet times its logarithm
 * (sorting 200,000 devices to show 10 was most of the summary's own time).
 */
final class BusiestDevices {

    private static final Comparator<ApiResponses.DeviceTotals> BUSIEST_FIRST =
            Comparator.comparingLong(ApiResponses.DeviceTotals::total).reversed()
                    .thenComparing(ApiResponses.DeviceTotals::device);

    private BusiestDevices() {
    }

    static List<ApiResponses.DeviceTotals> of(Map<String, JobCounts> devices, int wanted) {
        if (wanted <= 0) {
            return List.of();
        }
        // the least busy of those kept is at the head, the first to give way
        PriorityQueue<ApiResponses.DeviceTotals> kept = new PriorityQueue<>(wanted + 1, BUSIEST_FIRST.reversed());
        devices.forEach((device, counts) -> {
            long total = counts.total();
            ApiResponses.DeviceTotals least = kept.size() < wanted ? null : kept.peek();
            if (least != null && (total < least.total()
                    || total == least.total() && device.compareTo(least.device()) > 0)) {
                return;
            }
            kept.add(new ApiResponses.DeviceTotals(device, counts.completedOrZero(), counts.failedOrZero(), total));
            if (kept.size() > wanted) {
                kept.poll();
            }
        });
        List<ApiResponses.DeviceTotals> busiest = new ArrayList<>(kept);
        busiest.sort(BUSIEST_FIRST);
        return List.copyOf(busiest);
    }
}
