package io.tom.monitoring.fleet;

import java.util.ArrayList;
import java.util.List;

import io.tom.monitoring.domain.ConsumerCursor;
import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.redis.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Follows {@code tom:failed_commands} for a named consumer (a webhook, an export) from the last
 * entry it delivered. The cursor lives in Redis ({@link ConsumerCursor}), so every
 * controller and every restart resumes where the consumer left off: a route delivers each entry
 * and then {@link #commit}s it, and an entry is read again only if its delivery failed.
 *
 * <p>A new consumer starts after the newest entry present (only failures from then on). A
 * consumer must keep up with the trimming (1000 entries by default): entries trimmed before it
 * read them are gone.
 */
public final class FailedCommandsFollower {

    private static final Logger LOG = LoggerFactory.getLogger(FailedCommandsFollower.class);

    /** XRANGE after the cursor on the server, an entry at a time, fields cut to their bounds ({@link BoundedEntries}). */
    private static final String BOUNDED_XRANGE = BoundedEntries.CUT + """
            local after = ARGV[7]
            local entries, exhausted = collect(tonumber(ARGV[8]), function()
              local page = redis.call('XRANGE', KEYS[1], after, '+', 'COUNT', 1)
              if #page == 0 then return nil end
              after = '(' .. page[1][1]
              return page[1]
            end)
            return {cut(entries), exhausted and 1 or 0}
            """;

    private final RedisConnections connections;

    public FailedCommandsFollower(RedisConnections connections) {
        this.connections = connections;
    }

    /** Up to {@code max} failures after the consumer's cursor, oldest first. */
    public List<FailedCommand> next(String consumer, int max) {
        return connections.keyed(redis -> next(redis, consumer, max));
    }

    /** Records that the consumer delivered everything up to and including {@code entryId}. */
    public void commit(String consumer, String entryId) {
        StreamEntryID id = new StreamEntryID(entryId);
        connections.keyed(redis -> redis.set(ConsumerCursor.key(consumer), id.toString()));
    }

    private List<FailedCommand> next(UnifiedJedis redis, String consumer, int max) {
        String cursorKey = ConsumerCursor.key(consumer);
        String cursor = redis.get(cursorKey);
        if (cursor == null) {
            List<StreamEntry> newest = redis.xrevrange(FailedCommand.STREAM, "+", "-", 1);
            String start = newest.isEmpty() ? "0-0" : newest.get(0).getID().toString();
            redis.set(cursorKey, start);
            LOG.info("Consumer '{}' follows {} from entry {} on", consumer, FailedCommand.STREAM, start);
            return List.of();
        }
        List<StreamEntry> entries = new ArrayList<>();
        String after = cursor;
        // a page per script run, so that entries of megabytes never make one run long
        while (entries.size() < max) {
            int page = Math.min(BoundedEntries.ENTRIES_PER_RUN, max - entries.size());
            List<String> arguments = new ArrayList<>(BoundedEntries.limitArguments());
            arguments.addAll(List.of("(" + after, String.valueOf(page)));
            BoundedEntries.Page run = BoundedEntries.Page.of(redis.evalReadonly(BOUNDED_XRANGE,
                    List.of(FailedCommand.STREAM), arguments));
            List<StreamEntry> read = run.entries();
            entries.addAll(read);
            if (run.exhausted() || read.isEmpty()) {
                break;
            }
            after = read.get(read.size() - 1).getID().toString();
        }
        List<FailedCommand> failures = new ArrayList<>();
        for (StreamEntry entry : entries) {
            FailedCommand failure = FailedCommandsReader.decode(entry);
            if (failure == null) {
                LOG.warn("Consumer '{}' skips malformed entry {} of {}", consumer, entry.getID(),
                        FailedCommand.STREAM);
            } else {
                failures.add(failure);
            }
        }
        if (failures.isEmpty() && !entries.isEmpty()) {
            // nothing to deliver in this batch: step over the malformed entries for good
            redis.set(cursorKey, entries.get(entries.size() - 1).getID().toString());
        }
        return failures;
    }
}
