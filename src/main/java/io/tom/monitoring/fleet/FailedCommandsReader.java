package io.tom.monitoring.fleet;

import java.util.ArrayList;
import java.util.List;

import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.redis.LuaScript;
import io.tom.monitoring.redis.ReadDeadline;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ScriptingKeyCommands;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Reads {@code tom:failed_commands} newest first, page by page, applying the filter while
 * reading, so up to {@code limit} matching entries come back whenever that many exist: a device
 * whose failures are older than the newest few hundred entries is still found. {@code since} is a
 * range bound on the entry ids, so entries older than it are never read at all. Each script run
 * reads at most {@link BoundedEntries#BYTES_PER_RUN} plus one entry, and the runs share one
 * connection that waits for the request's whole budget: an oversized entry takes longer than one
 * Redis timeout to read, and its answer must still come.
 */
public final class FailedCommandsReader {

    private static final Logger LOG = LoggerFactory.getLogger(FailedCommandsReader.class);

    private final RedisConnections connections;
    private final int maxEntriesExamined;
    private final OversizedEntries oversized;

    /**
     * @param maxEntriesExamined a bound on the entries one request reads, for a stream that its
     *                           writers and the trimming routes failed to keep short
     */
    public FailedCommandsReader(RedisConnections connections, int maxEntriesExamined, OversizedEntries oversized) {
        this.connections = connections;
        this.oversized = oversized;
        this.maxEntriesExamined = maxEntriesExamined;
    }

    public List<FailedCommand> read(FailureFilter filter, int limit) {
        return connections.keyedUntilDeadline(FailedCommand.STREAM, redis -> read(redis, filter, limit));
    }

    private List<FailedCommand> read(Jedis redis, FailureFilter filter, int limit) {
        List<FailedCommand> matches = new ArrayList<>();
        String oldest = filter.sinceMillis().map(ms -> ms + "-0").orElse("-");
        String newest = "+";
        int examined = 0;
        int malformed = 0;
        while (matches.size() < limit && examined < maxEntriesExamined) {
            int count = Math.min(BoundedEntries.ENTRIES_PER_RUN, maxEntriesExamined - examined);
            BoundedEntries.Page run;
            ReadDeadline.check();
            try {
                run = newestFirst(redis, newest, oldest, count);
            } catch (JedisDataException e) {
                RedisRefusal.rethrowRefusal(e);
                LOG.warn("{} is not a stream ({}); answering with no failures", FailedCommand.STREAM,
                        e.getMessage());
                break;
            }
            oversized.met("failed_commands and device_stats", run.oversized());
            List<StreamEntry> page = run.entries();
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
            if (run.exhausted() || page.isEmpty()) {
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

    /** XREVRANGE on the server, an entry at a time, fields cut to their bounds ({@link BoundedEntries}). */
    private static final LuaScript NEWEST_FIRST = LuaScript.load("failed-commands-newest-first",
            BoundedEntries.HELPERS);

    static BoundedEntries.Page newestFirst(ScriptingKeyCommands redis, String newest, String oldest, int count) {
        List<String> arguments = new ArrayList<>(BoundedEntries.limitArguments());
        arguments.addAll(List.of(newest, oldest, String.valueOf(count)));
        // EVAL_RO: a read-only script, allowed to a Redis user with read-only access to the stream (%R~)
        return BoundedEntries.Page.of(NEWEST_FIRST.evalReadonly(redis, List.of(FailedCommand.STREAM), arguments));
    }


    /** The failure in a stream entry, or null when it is malformed. */
    public static FailedCommand decode(StreamEntry entry) {
        return FailedCommand.decode(entry.getID().toString(), entry.getID().getTime(), entry.getFields());
    }
}
