package io.tom.monitoring.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * Which worker and device ids can become label values. Not {@code all}: it would collide with the
 * aggregate rows of {@code tom_jobs_total} (a duplicate series fails the whole scrape), so a hash
 * under that id is left out and counted as a malformed stats record.
 */
final class ExportedIds {

    static final String ALL = "all";

    private ExportedIds() {
    }

    static boolean isReserved(String id) {
        return ALL.equals(id);
    }

    /** The rows without a reserved id; the same map when it holds none, as nearly always. */
    static <V> Map<String, V> withoutReserved(Map<String, V> byId) {
        if (!byId.containsKey(ALL)) {
            return byId;
        }
        Map<String, V> kept = new HashMap<>(byId);
        kept.remove(ALL);
        return kept;
    }

    /** The ids in the order the Prometheus client sorts label values: String order. */
    static String[] sorted(java.util.Set<String> ids) {
        String[] sorted = ids.toArray(new String[0]);
        java.util.Arrays.sort(sorted);
        return sorted;
    }

    /** How many reserved ids {@link #withoutReserved} leaves out of these maps. */
    @SafeVarargs
    static int reservedIn(Map<String, ?>... maps) {
        int reserved = 0;
        for (Map<String, ?> byId : maps) {
            reserved += byId.containsKey(ALL) ? 1 : 0;
        }
        return reserved;
    }
}
