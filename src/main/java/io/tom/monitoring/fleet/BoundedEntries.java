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
 * Scripts start with {@link #CUT} and take {@link #limitArguments()} as ARGV[1] to ARGV[5].
 */
public final class BoundedEntries {

    /** Bytes kept of a field the layout does not bound (ids, types, timestamps are short). */
    static final int OTHER_FIELD_MAX_BYTES = 1024;

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
            """;

    private BoundedEntries() {
    }

    /** ARGV[1] to ARGV[5] of every script that uses {@link #CUT}. */
    public static List<String> limitArguments() {
        return List.of(String.valueOf(OTHER_FIELD_MAX_BYTES),
                "command", String.valueOf(4 * FailedCommand.COMMAND_MAX_CHARS),
                "error", String.valueOf(4 * FailedCommand.ERROR_MAX_CHARS));
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
