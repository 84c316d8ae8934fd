package io.tom.monitoring.fleet;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Counts records skipped during one read because other programs wrote them malformed. */
public final class MalformedRecords {

    /** Where a skipped record was found; the lower-case name is the {@code kind} label. */
    public enum Kind {
        STATS, HEARTBEAT, LEASE, QUEUE, STREAM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final EnumMap<Kind, Long> counts = new EnumMap<>(Kind.class);

    public MalformedRecords() {
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0L);
        }
    }

    public void record(Kind kind) {
        counts.merge(kind, 1L, Long::sum);
    }

    public long count(Kind kind) {
        return counts.get(kind);
    }

    public Map<Kind, Long> asMap() {
        return Map.copyOf(counts);
    }
}
