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
 * Scripts start with {@link #CUT} and take {@link #limitArguments()} as ARGV[1] to ARGV[6]; they
 * read one entry per call and stop once a byte budget is spent ({@code collect}), so that a page
 * of entries of megabytes never makes one script run long.
 */
public final class BoundedEntries {

    /** Bytes kept of a field the layout does not bound (ids, types, timestamps are short). */
    static final int OTHER_FIELD_MAX_BYTES = 1024;
    /** Entries one script run returns at most. */
    public static final int ENTRIES_PER_RUN = 20;
    /** Raw bytes one script run reads before it stops (give or take the entry that crossed it). */
    static final int BYTES_PER_RUN = 4 * 1024 * 1024;

    /** {@code cut(entries)}: the entries with their fields cut in place; entries without fields (trimmed) kept. */
    public static final String CUT = """
            local cutDefault = tonumber(ARGV[1])
            local cutLimits = {[ARGV[2]] = tonumber(ARGV[3]), [ARGV[4]] = tonumber(ARGV[5])}
            local function cut(entries)
              for _, entry in ipairs(entries) do
                local fields = entry[2]
                if fields then
                  for i = 2, #fields, 2 do
                    local max = cutLimits[fields[i - 1]] or cutDefault
                    if #fields[i] > max then fields[i] = string.sub(fields[i], 1, max) end
                  end
                end
              end
              return entries
            end
            local cutBudget = tonumber(ARGV[6])
            local function entryBytes(entry)
              local n = #entry[1]
              if entry[2] then
                for _, value in ipairs(entry[2]) do n = n + #value end
              end
              return n
            end
            -- readOne() gives the next entry or nil; returns the entries and true when the source ran out
            local function collect(count, readOne)
              local out, bytes = {}, 0
              while #out < count and bytes < cutBudget do
                local entry = readOne()
                if not entry then return out, true end
                bytes = bytes + entryBytes(entry)
                out[#out + 1] = entry
              end
              return out, false
            end
            """;

    private BoundedEntries() {
    }

    /** ARGV[1] to ARGV[6] of every script that uses {@link #CUT}: the field limits and the byte budget. */
    public static List<String> limitArguments() {
        return List.of(String.valueOf(OTHER_FIELD_MAX_BYTES),
                "command", String.valueOf(4 * FailedCommand.COMMAND_MAX_CHARS),
                "error", String.valueOf(4 * FailedCommand.ERROR_MAX_CHARS), String.valueOf(BYTES_PER_RUN));
    }

    /** A run's entries, and whether the stream had no more to give ({@code {entries, 1|0}}). */
    public record Page(List<StreamEntry> entries, boolean exhausted) {
        public static Page of(Object reply) {
            List<?> parts = (List<?>) reply;
            return new Page(parse(parts.get(0)), ((Number) parts.get(1)).longValue() == 1);
        }
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
