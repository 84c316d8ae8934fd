package io.tom.monitoring.domain;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts records skipped during one read because other programs wrote them malformed. Safe to
 * count from the reading and the decoding thread at once.
 */
public final class MalformedRecords {

    /** Where a skipped record was found; the lower-case name is the {@code kind} label. */
    public enum Kind {
        STATS, HEARTBEAT, LEASE, QUEUE, STREAM, EVENT, HISTORY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AtomicLongArray counts = new AtomicLongArray(Kind.values().length);
    private final Map<String, LongAdder> refused =
            new ConcurrentHashMap<>();

    public void record(Kind kind) {
        counts.incrementAndGet(kind.ordinal());
    }

    /**
     * A record Redis refused to return rather than one written malformed (an ACL without access to
     * its key), by the refusal's kind: not counted as malformed, and the read is not complete.
     */
    public void recordRefusal(String refusalKind) {
        refused.computeIfAbsent(refusalKind, k -> new LongAdder()).increment();
    }

    /** The refusals counted, by kind; empty when Redis returned every record asked for. */
    public Map<String, Long> refusals() {
        Map<String, Long> copy = new TreeMap<>();
        refused.forEach((kind, count) -> copy.put(kind, count.sum()));
        return copy;
    }

    /** Adds what {@code other} counted, as when one read's parts come together. */
    public void addAll(MalformedRecords other) {
        for (Kind kind : Kind.values()) {
            counts.addAndGet(kind.ordinal(), other.count(kind));
        }
        other.refused.forEach((kind, count) -> refused.computeIfAbsent(kind,
                k -> new LongAdder()).add(count.sum()));
    }

    /** The kinds with records skipped, by label: what an API answer reports it left out. */
    public Map<String, Long> skipped() {
        Map<String, Long> skipped = new TreeMap<>();
        for (Kind kind : Kind.values()) {
            if (count(kind) > 0) {
                skipped.put(kind.label(), count(kind));
            }
        }
        return skipped;
    }

    public long count(Kind kind) {
        return counts.get(kind.ordinal());
    }
}
