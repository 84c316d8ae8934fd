package io.tom.monitoring.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

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

    /** As {@link #withoutReserved(Map)}, keeping the order. */
    static <V> SortedMap<String, V> withoutReserved(SortedMap<String, V> byId) {
        if (!byId.containsKey(ALL)) {
            return byId;
        }
        SortedMap<String, V> kept = new TreeMap<>(byId);
        kept.remove(ALL);
        return kept;
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
