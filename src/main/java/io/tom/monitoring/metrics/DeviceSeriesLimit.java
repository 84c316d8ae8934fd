package io.tom.monitoring.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.tom.monitoring.domain.DeviceLease;
import io.tom.monitoring.domain.JobCounts;

/**
 * Cardinality control for fleets too large to export every device: with a limit of N, only the
 * N devices ranked highest (by jobs, or by failures) keep series of their own, and the others'
 * jobs are counted under one overflow device, {@value #OVERFLOW}. The ranking is taken on a slow
 * schedule and kept in Redis ({@link ShownDevices}), and the overflow
 * counts are aggregated as jobs finish, so its counter rows never decrease (docs/metrics.md). A
 * limit of 0 exports every device, as the seed does.
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

    /** The devices ranked highest, at most the limit of them (all of them when unlimited). */
    public Set<String> ranked(Map<String, JobCounts> devices) {
        if (limit == 0 || devices.size() <= limit) {
            Set<String> all = new HashSet<>(devices.keySet());
            all.remove(OVERFLOW);
            return all;
        }
        Comparator<Map.Entry<String, JobCounts>> highestFirst = Comparator
                .comparingLong((Map.Entry<String, JobCounts> e) -> score(e.getValue())).reversed()
                .thenComparing(Map.Entry::getKey);
        List<Map.Entry<String, JobCounts>> ranked = new ArrayList<>(devices.entrySet());
        ranked.sort(highestFirst);
        Set<String> shown = new HashSet<>();
        for (int i = 0; i < ranked.size() && shown.size() < limit; i++) {
            if (!ranked.get(i).getKey().equals(OVERFLOW)) {
                shown.add(ranked.get(i).getKey());
            }
        }
        return shown;
    }

    /** Every device keeps its rows. */
    public Selection all(Map<String, JobCounts> devices) {
        return new Selection(devices, devices.keySet(), 0);
    }

    /**
     * The rows of the {@code shown} devices, plus the overflow row {@code folded} (the durable
     * aggregate of the other devices' jobs, when there is one).
     */
    public Selection select(Map<String, JobCounts> devices, Set<String> shown, Optional<JobCounts> folded) {
        if (limit == 0) {
            return all(devices);
        }
        Map<String, JobCounts> rows = new HashMap<>();
        int foldedDevices = 0;
        for (Map.Entry<String, JobCounts> device : devices.entrySet()) {
            if (shown.contains(device.getKey()) && !device.getKey().equals(OVERFLOW)) {
                rows.put(device.getKey(), device.getValue());
            } else {
                foldedDevices++;
            }
        }
        Set<String> shownIds = Set.copyOf(rows.keySet());
        folded.ifPresent(counts -> rows.put(OVERFLOW, counts));
        return new Selection(rows, shownIds, foldedDevices);
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

        /**
         * Whether {@code devices} are the devices as read, none folded and no overflow row added (a
         * real device named {@code _other} answers false: safe, the rows are then sorted again).
         */
        public boolean asRead() {
            return !limited() && !devices.containsKey(OVERFLOW);
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
