package io.tom.monitoring.fleet;

import java.util.ArrayList;
import java.util.List;

import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Reads {@code tom:failed_commands} newest first, page by page, applying the filter while
 * reading, so up to {@code limit} matching entries come back whenever that many exist: a device
 * whose failures are older than the newest few hundred entries is still found. {@code since} is a
 * range bound on the entry ids, so entries older than it are never read at all.
 */
public final class FailedCommandsReader {

    private static final Logger LOG = LoggerFactory.getLogger(FailedCommandsReader.class);
    /** Entries per read: small, as another program may have written entries of megabytes each. */
    private static final int PAGE_SIZE = 20;

    private final RedisConnections connections;
    private final int maxEntriesExamined;

    /**
     * @param maxEntriesExamined a bound on the entries one request reads, for a stream that its
     *                           writers and the trimming routes failed to keep short
     */
    public FailedCommandsReader(RedisConnections connections, int maxEntriesExamined) {
        this.connections = connections;
        this.maxEntriesExamined = maxEntriesExamined;
    }

    public List<FailedCommand> read(FailureFilter filter, int limit) {
        return connections.keyed(redis -> read(redis, filter, limit));
    }

    private List<FailedCommand> read(UnifiedJedis redis, FailureFilter filter, int limit) {
        List<FailedCommand> matches = new ArrayList<>();
        String oldest = filter.sinceMillis().map(ms -> ms + "-0").orElse("-");
        String newest = "+";
        int examined = 0;
        int malformed = 0;
        while (matches.size() < limit && examined < maxEntriesExamined) {
            int count = Math.min(PAGE_SIZE, maxEntriesExamined - examined);
            List<StreamEntry> page;
            try {
                page = newestFirst(redis, newest, oldest, count);
            } catch (JedisDataException e) {
                RedisRefusal.rethrowRefusal(e);
                LOG.warn("{} is not a stream ({}); answering with no failures", FailedCommand.STREAM,
                        e.getMessage());
                break;
            }
            for (StreamEntry entry : page) {
                examined++;
                FailedCommand failure = decode(entry);
                if (failure == null) {
                    malformed++;
                } else if (filter.matches(failure)) {
                    matches.add(failure);
                    if (matches.size() == limit) {
                        break;
                    }
                }
            }
            if (page.size() < count) {
                break;
            }
            newest = "(" + page.get(page.size() - 1).getID();
        }
        if (malformed > 0) {
            LOG.warn("Skipped {} malformed entries of {}", malformed, FailedCommand.STREAM);
        }
        if (examined >= maxEntriesExamined && matches.size() < limit) {
            LOG.warn("Stopped reading {} after {} entries; is stream trimming running?",
                    FailedCommand.STREAM, examined);
        }
        return matches;
    }

    /**
     * XREVRANGE on the server with every field cut to a bound first (the layout's limits, in bytes
     * enough for as many UTF-8 characters), so an entry that another program wrote with a huge
     * field costs this request a few kilobytes, not its size.
     */
    private static final String BOUNDED_XREVRANGE = """
            local entries = redis.call('XREVRANGE', KEYS[1], ARGV[1], ARGV[2], 'COUNT', ARGV[3])
            local default = tonumber(ARGV[4])
            local limits = {}
            for i = 5, #ARGV, 2 do limits[ARGV[i]] = tonumber(ARGV[i + 1]) end
            for _, entry in ipairs(entries) do
              local fields = entry[2]
              for i = 2, #fields, 2 do
                local max = limits[fields[i - 1]] or default
                if #fields[i] > max then fields[i] = string.sub(fields[i], 1, max) end
              end
            end
            return entries
            """;
    /** Bytes kept of a field the layout does not bound (ids, types, timestamps are short). */
    private static final int OTHER_FIELD_MAX_BYTES = 1024;

    private static List<StreamEntry> newestFirst(UnifiedJedis redis, String newest, String oldest, int count) {
        // EVAL_RO: a read-only script, allowed to a Redis user with read-only access to the stream (%R~)
        Object reply = redis.evalReadonly(BOUNDED_XREVRANGE, List.of(FailedCommand.STREAM), List.of(newest, oldest,
                String.valueOf(count), String.valueOf(OTHER_FIELD_MAX_BYTES),
                "command", String.valueOf(4 * FailedCommand.COMMAND_MAX_CHARS),
                "error", String.valueOf(4 * FailedCommand.ERROR_MAX_CHARS)));
        List<StreamEntry> entries = new ArrayList<>();
        for (Object raw : (List<?>) reply) {
            List<?> entry = (List<?>) raw;
            List<?> flat = (List<?>) entry.get(1);
            java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(text(flat.get(i)), text(flat.get(i + 1)));
            }
            entries.add(new StreamEntry(new redis.clients.jedis.StreamEntryID(text(entry.get(0))), fields));
        }
        return entries;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(value);
    }

    /** The failure in a stream entry, or null when it is malformed. */
    public static FailedCommand decode(StreamEntry entry) {
        return FailedCommand.decode(entry.getID().toString(), entry.getID().getTime(), entry.getFields());
    }
}
