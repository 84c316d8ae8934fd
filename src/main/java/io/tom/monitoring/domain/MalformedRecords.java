package io.tom.monitoring.domain;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts records skipped during one read because other programs wrote them malformed. Safe to
 * count from the reading and the decoding thread at once.
 */
public final class MalformedRecords {

    /** Where a skipped record was found; the lower-case name is the {@code kind} label. */
    public enum Kind {
        STATS, HEARTBEAT, LEASE, QUEUE, STREAM, EVENT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AtomicLongArray counts = new AtomicLongArray(Kind.values().length);

    public void record(Kind kind) {
        counts.incrementAndGet(kind.ordinal());
    }

    /** Adds what {@code other} counted, as when one read's parts come together. */
    public void addAll(MalformedRecords other) {
        for (Kind kind : Kind.values()) {
            counts.addAndGet(kind.ordinal(), other.count(kind));
        }
    }

    public long count(Kind kind) {
        return counts.get(kind.ordinal());
    }
}
