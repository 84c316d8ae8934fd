package io.tom.monitoring.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.tom.monitoring.domain.FailedCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tom:failed_commands} entries past {@link BoundedEntries#OVERSIZED_ENTRY_BYTES} that this
 * controller's readers met: each is named once in a WARN line (by id, size and what its reads
 * cost Redis), and every read of one is counted ({@code tom_oversized_entry_reads_total}). Such
 * an entry is still answered, cut to the layout's limits; only the time bound does not hold for it.
 */
public final class OversizedEntries {

    private static final Logger LOG = LoggerFactory.getLogger(OversizedEntries.class);
    /** Redis time a script spends per megabyte of an entry it reads (bench/oversized-entries.sh). */
    static final int REDIS_MILLIS_PER_MEGABYTE = 12;
    private static final int IDS_REMEMBERED = 1000;

    private final Counter reads;
    private final Map<String, Boolean> named = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > IDS_REMEMBERED;
        }
    };

    /** {@code found} were read by {@code reader} (the endpoint or the feed, for the log). */
    public void met(String reader, List<BoundedEntries.Oversized> found) {
        for (BoundedEntries.Oversized entry : found) {
            reads.increment();
            boolean first;
            synchronized (named) {
                first = named.put(entry.id(), Boolean.TRUE) == null;
            }
            if (first) {
                double megabytes = entry.bytes() / (1024.0 * 1024.0);
                LOG.warn(String.format(Locale.ROOT, "Entry %s of %s is %.1f MB, past the %d MB up to which one read"
                        + " holds Redis under 250 ms: each read of it (here by %s) holds Redis about %d ms; it is"
                        + " answered cut to the layout's limits. Another program wrote it (Tom's writer keeps entries"
                        + " to a few kilobytes): delete it (XDEL %s %s) or let the trimming remove it",
                        entry.id(), FailedCommand.STREAM, megabytes,
                        BoundedEntries.OVERSIZED_ENTRY_BYTES / (1024 * 1024), reader,
                        Math.round(megabytes * REDIS_MILLIS_PER_MEGABYTE), FailedCommand.STREAM, entry.id()));
            }
        }
    }

    /** {@code reads} counts every read of such an entry ({@code tom_oversized_entry_reads_total}). */
    public OversizedEntries(Counter reads) {
        this.reads = reads;
    }
}
