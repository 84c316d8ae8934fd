package io.tom.monitoring.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.domain.StatsHash;
import org.junit.jupiter.api.Test;

class BusiestDevicesTest {

    @Test
    void theBusiestAreThoseAFullSortPutsFirstTiesByDeviceId() {
        Random random = new Random(7);
        Map<String, JobCounts> fleet = new HashMap<>();
        for (int d = 0; d < 5_000; d++) {
            // few distinct totals, so most places are decided by the id
            fleet.put("dev-" + random.nextInt(1_000_000), counts(random.nextInt(4), random.nextInt(3)));
        }
        for (int wanted : new int[] {1, 10, 37, 4_999, 5_000, 6_000}) {
            assertEquals(byFullSort(fleet, wanted), BusiestDevices.of(fleet, wanted), "top " + wanted);
        }
    }

    @Test
    void aFleetSmallerThanTheListGivesEveryDeviceAndNoneGivesNone() {
        Map<String, JobCounts> fleet = Map.of("b", counts(1, 0), "a", counts(1, 0), "c", counts(0, 5));
        assertEquals(List.of(new ApiResponses.DeviceTotals("c", 0, 5, 5), new ApiResponses.DeviceTotals("a", 1, 0, 1),
                new ApiResponses.DeviceTotals("b", 1, 0, 1)), BusiestDevices.of(fleet, 10));
        assertEquals(List.of(), BusiestDevices.of(Map.of(), 10));
        assertEquals(List.of(), BusiestDevices.of(fleet, 0));
    }

    private static List<ApiResponses.DeviceTotals> byFullSort(Map<String, JobCounts> fleet, int wanted) {
        List<ApiResponses.DeviceTotals> all = new ArrayList<>();
        fleet.forEach((device, c) -> all.add(new ApiResponses.DeviceTotals(device, c.completedOrZero(),
                c.failedOrZero(), c.total())));
        all.sort(Comparator.comparingLong(ApiResponses.DeviceTotals::total).reversed()
                .thenComparing(ApiResponses.DeviceTotals::device));
        return all.subList(0, Math.min(wanted, all.size()));
    }

    /** As HMGET of the stats fields returns them: complete, failed, then the error types (absent). */
    private static JobCounts counts(long complete, long failed) {
        List<byte[]> replies = new ArrayList<>();
        replies.add(String.valueOf(complete).getBytes(StandardCharsets.US_ASCII));
        replies.add(String.valueOf(failed).getBytes(StandardCharsets.US_ASCII));
        while (replies.size() < StatsHash.FIELDS.size()) {
            replies.add(null);
        }
        return JobCounts.parse(replies, new MalformedRecords());
    }
}
