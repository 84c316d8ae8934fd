package io.tom.monitoring.logging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says whether a kind of problem is due to be logged again: the first time, then at most once per
 * interval, so that a fault hit by every request fills a log line a minute, not the disk.
 */
public final class OncePerInterval {

    private final long intervalNanos;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.LongAdder> skipped = new ConcurrentHashMap<>();

    public OncePerInterval(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    public static OncePerInterval perMinute() {
        return new OncePerInterval(Duration.ofMinutes(1));
    }

    /** True for the first call of a kind and again once the interval has passed since it last said true. */
    public boolean due(String kind) {
        long now = System.nanoTime();
        boolean[] due = {false};
        lastLogged.compute(kind, (k, last) -> {
            if (last == null || now - last >= intervalNanos) {
                due[0] = true;
                return now;
            }
            return last;
        });
        if (!due[0]) {
            skipped.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.LongAdder()).increment();
        }
        return due[0];
    }

    /** How many times {@link #due} said false for the kind since it last said true; resets the count. */
    public long skippedSinceLast(String kind) {
        java.util.concurrent.atomic.LongAdder count = skipped.get(kind);
        return count == null ? 0 : count.sumThenReset();
    }
}
