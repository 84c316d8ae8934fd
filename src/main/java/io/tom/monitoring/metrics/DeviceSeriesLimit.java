package io.tom.monitoring.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tom.monitoring.domain.DeviceLease;
import io.tom.monitoring.domain.JobCounts;

/**
 * Cardinality control for fleets too large to export every device: with a limit of N, only the
 * N devices ranked highest (by jobs, or by failures) keep series of their own, and the rest are
 * summed into one overflow device, {@value #OVERFLOW}. A limit of 0 exports every device, as the
 * seed does.
 */
public final class DeviceSeriesLimit {

    /** The device label of the overflow rows. */
    public static final String OVERFLOW = "_other";

    public enum Rank {
        JOBS, FAILURES;

        public static Rank parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be 'jobs' or 'failures', got '" + value + "'");
            }
        }
    }

    private final int limit;
    private final Rank rank;

    public DeviceSeriesLimit(int limit, Rank rank) {
        if (limit < 0) {
            throw new IllegalArgumentException("the device limit must be 0 (all devices) or more, got " + limit);
        }
        this.limit = limit;
        this.rank = rank;
    }

    public static DeviceSeriesLimit unlimited() {
        return new DeviceSeriesLimit(0, Rank.JOBS);
    }

    /** True when every device keeps series of its own, whatever the fleet's size. */
    public boolean keepsEveryDevice() {
        return limit == 0;
    }

    /** The devices whose series are exported, the rest folded under {@value #OVERFLOW}. */
    public Selection select(Map<String, JobCounts> devices) {
        if (limit == 0 || devices.size() <= limit) {
            return new Selection(devices, Set.copyOf(devices.keySet()), 0);
        }
        Comparator<Map.Entry<String, JobCounts>> highestFirst = Comparator
                .comparingLong((Map.Entry<String, JobCounts> e) -> score(e.getValue())).reversed()
                .thenComparing(Map.Entry::getKey);
        List<Map.Entry<String, JobCounts>> ranked = new ArrayList<>(devices.entrySet());
        ranked.sort(highestFirst);
        Map<String, JobCounts> shown = new HashMap<>();
        List<JobCounts> folded = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            Map.Entry<String, JobCounts> entry = ranked.get(i);
            if (i < limit && !entry.getKey().equals(OVERFLOW)) {
                shown.put(entry.getKey(), entry.getValue());
            } else {
                folded.add(entry.getValue());
            }
        }
        Set<String> shownIds = new HashSet<>(shown.keySet());
        shown.put(OVERFLOW, JobCounts.sum(folded));
        return new Selection(shown, shownIds, folded.size());
    }

    private long score(JobCounts counts) {
        return rank == Rank.JOBS ? counts.total() : Math.max(counts.failed(), 0);
    }

    /**
     * @param devices       the device rows to export, the overflow row included
     * @param shownDevices  the real devices among them
     * @param foldedDevices how many devices were summed into the overflow row
     */
    public record Selection(Map<String, JobCounts> devices, Set<String> shownDevices, int foldedDevices) {

        public boolean limited() {
            return foldedDevices > 0;
        }

        /** Lease series of shown devices as they are, the others summed under the overflow device. */
        public List<DeviceLease> leases(List<DeviceLease> all) {
            if (!limited()) {
                return all;
            }
            List<DeviceLease> kept = new ArrayList<>();
            long overflow = 0;
            for (DeviceLease lease : all) {
                if (shownDevices.contains(lease.host())) {
                    kept.add(lease);
                } else {
                    overflow += lease.activeLeases();
                }
            }
            kept.add(new DeviceLease(OVERFLOW, OVERFLOW, overflow));
            return kept;
        }
    }
}
