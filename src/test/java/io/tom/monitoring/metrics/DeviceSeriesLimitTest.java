package io.tom.monitoring.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.tom.monitoring.domain.DeviceLease;
import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.MalformedRecords;
import org.junit.jupiter.api.Test;

class DeviceSeriesLimitTest {

    private static final Map<String, JobCounts> DEVICES = Map.of(
            "a", counts("10", "1", "1", null),
            "b", counts("50", "0", null, null),
            "c", counts("5", "9", null, "9"),
            "d", counts("20", null, null, null),
            "e", counts("20", "2", "2", null));

    @Test
    void unlimitedKeepsEveryDevice() {
        DeviceSeriesLimit.Selection selection = DeviceSeriesLimit.unlimited().all(DEVICES);
        assertSame(DEVICES, selection.devices());
        assertFalse(selection.limited());
        assertEquals(DEVICES.keySet(), DeviceSeriesLimit.unlimited().ranked(DEVICES));
    }

    @Test
    void ranksTheBusiestDevices() {
        assertEquals(Set.of("b", "e"), new DeviceSeriesLimit(2, DeviceSeriesLimit.Rank.JOBS).ranked(DEVICES),
                "50 and 22 jobs beat 20, 14 and 11");
    }

    @Test
    void canRankByFailuresWithTiesBrokenByDeviceId() {
        assertEquals(Set.of("c", "e"), new DeviceSeriesLimit(2, DeviceSeriesLimit.Rank.FAILURES).ranked(DEVICES));
        assertEquals(Set.of("y"), new DeviceSeriesLimit(1, DeviceSeriesLimit.Rank.FAILURES)
                .ranked(Map.of("z", counts("1", "3", null, null), "y", counts("1", "3", null, null))));
    }

    @Test
    void theShownDevicesKeepTheirRowsAndTheOverflowRowIsTheDurableAggregate() {
        JobCounts folded = counts("35", "10", "1", "9");
        DeviceSeriesLimit.Selection selection = new DeviceSeriesLimit(2, DeviceSeriesLimit.Rank.JOBS)
                .select(DEVICES, Set.of("b", "e", "gone"), Optional.of(folded));
        assertEquals(Set.of("b", "e"), selection.shownDevices(), "a shown device without a hash has no rows");
        assertEquals(Set.of("b", "e", DeviceSeriesLimit.OVERFLOW), selection.devices().keySet());
        assertSame(folded, selection.devices().get(DeviceSeriesLimit.OVERFLOW));
        assertEquals(3, selection.foldedDevices());
        assertFalse(new DeviceSeriesLimit(2, DeviceSeriesLimit.Rank.JOBS)
                .select(DEVICES, Set.of("b"), Optional.empty()).devices().containsKey(DeviceSeriesLimit.OVERFLOW),
                "no overflow row before any folded job was counted");
    }

    @Test
    void leasesOfFoldedDevicesAreSummed() {
        DeviceSeriesLimit.Selection selection = new DeviceSeriesLimit(2, DeviceSeriesLimit.Rank.JOBS)
                .select(DEVICES, Set.of("b", "e"), Optional.empty());
        List<DeviceLease> leases = selection.leases(List.of(new DeviceLease("b", "22", 1), new DeviceLease("a", "22", 1),
                new DeviceLease("c", "830", 2), new DeviceLease("zz", "22", 0)));
        assertEquals(List.of(new DeviceLease("b", "22", 1), new DeviceLease("_other", "_other", 3)), leases);
    }

    @Test
    void aNegativeLimitOrUnknownRankIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceSeriesLimit(-1, DeviceSeriesLimit.Rank.JOBS));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceSeriesLimit.Rank.parse("size"))
                .getMessage().contains("'jobs' or 'failures'"));
    }

    /** complete, failed, auth_failed, timeout_failed (null = absent). */
    private static JobCounts counts(String complete, String failed, String auth, String timeout) {
        List<byte[]> replies = Arrays.stream(new String[] {complete, failed, auth, timeout, null, null, null})
                .map(value -> value == null ? null : value.getBytes(StandardCharsets.US_ASCII)).toList();
        return JobCounts.parse(replies, new MalformedRecords());
    }
}
