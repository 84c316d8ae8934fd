package io.tom.monitoring.fleet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.domain.FailedCommand;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Stream entries of {@code tom:failed_commands} read by a Lua script that cuts every field to a
 * bound on the server first (the layout's limits, in bytes enough for as many UTF-8 characters),
 * so an entry another program wrote with a field of megabytes costs a reader a few kilobytes.
 * Scripts start with the helpers of {@code lua/bounded-entries.lua} ({@link #HELPERS}) and take
 * {@link #limitArguments()} as ARGV[1] to ARGV[7]; they
 * read one entry per call and stop once a byte budget is spent ({@code collect}), so that a page
 * of entries of megabytes never makes one script run long.
 */
public final class BoundedEntries {

    /** Bytes kept of a field the layout does not bound (ids, types, timestamps are short). */
    static final int OTHER_FIELD_MAX_BYTES = 1024;
    /** Entries one script run returns at most. */
    public static final int ENTRIES_PER_RUN = 20;
    /** Raw bytes one script run reads before it stops (give or take the entry that crossed it). */
    public static final int BYTES_PER_RUN = 1024 * 1024;
    /**
     * An entry's raw size up to which a run holds Redis at most 250 ms (this budget plus one such
     * entry, measured in bench/); a larger entry is still read and cut, but named as oversized.
     */
    public static final int OVERSIZED_ENTRY_BYTES = 8 * 1024 * 1024;

    /** The helper file such a script is loaded after: {@code LuaScript.load(name, HELPERS)}. */
    public static final String HELPERS = "bounded-entries";

    private BoundedEntries() {
    }

    /** ARGV[1] to ARGV[7] of every script that uses the helpers: the field limits, the byte budget, the oversized size. */
    public static List<String> limitArguments() {
        return List.of(String.valueOf(OTHER_FIELD_MAX_BYTES),
                "command", String.valueOf(4 * FailedCommand.COMMAND_MAX_CHARS),
                "error", String.valueOf(4 * FailedCommand.ERROR_MAX_CHARS), String.valueOf(BYTES_PER_RUN),
                String.valueOf(OVERSIZED_ENTRY_BYTES));
    }

    /**
     * A run's entries, whether the stream had no more to give, the oversized entries it read and
     * the raw bytes it read ({@code {entries, 1|0, {id, bytes, ...}, bytes}}).
     */
    public record Page(List<StreamEntry> entries, boolean exhausted, List<Oversized> oversized, long bytesRead) {
        public static Page of(Object reply) {
            List<?> parts = (List<?>) reply;
            return new Page(parse(parts.get(0)), ((Number) parts.get(1)).longValue() == 1,
                    BoundedEntries.oversized(parts.get(2)),
                    ((Number) parts.get(3)).longValue());
        }
    }

    /** An entry larger than {@link #OVERSIZED_ENTRY_BYTES}, read whole by a run, by its id and raw size. */
    public record Oversized(String id, long bytes) {
    }

    /** A script's flat {@code {id, bytes, ...}} list of oversized entries. */
    public static List<Oversized> oversized(Object flat) {
        List<Oversized> found = new ArrayList<>();
        if (flat instanceof List<?> values) {
            for (int i = 0; i + 1 < values.size(); i += 2) {
                found.add(new Oversized(text(values.get(i)), ((Number) values.get(i + 1)).longValue()));
            }
        }
        return found;
    }

    /** The script's list of {@code [id, [field, value, ...]]}; an entry without fields (trimmed while pending) has null fields. */
    public static List<StreamEntry> parse(Object reply) {
        List<StreamEntry> entries = new ArrayList<>();
        if (!(reply instanceof List<?> list)) {
            return entries;
        }
        for (Object raw : list) {
            List<?> entry = (List<?>) raw;
            Object flat = entry.size() > 1 ? entry.get(1) : null;
            Map<String, String> fields = null;
            if (flat instanceof List<?> values) {
                fields = new LinkedHashMap<>();
                for (int i = 0; i + 1 < values.size(); i += 2) {
                    fields.put(text(values.get(i)), text(values.get(i + 1)));
                }
            }
            entries.add(new StreamEntry(new StreamEntryID(text(entry.get(0))), fields));
        }
        return entries;
    }

    public static String text(Object value) {
        return value instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
