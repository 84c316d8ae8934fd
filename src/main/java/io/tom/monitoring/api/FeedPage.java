package io.tom.monitoring.api;

import java.util.ArrayList;
import java.util.List;

import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.domain.FeedCounters;
import io.tom.monitoring.fleet.BoundedEntries;
import io.tom.monitoring.redis.LuaScript;
import redis.clients.jedis.commands.ScriptingKeyCommands;

/**
 * One run of {@code lua/failed-commands-feed-next.lua} for a feed's consumer: what it was asked,
 * and its reply as named fields. The script's keys (the stream and the feed's counters) share the
 * stream's hash slot, so it runs atomically on a single Redis and on a Redis Cluster alike, and its
 * entries come back with their fields cut ({@link BoundedEntries}).
 *
 * @param entries          the raw entries taken, {@code [id, [field, value, ...]]} each
 * @param lostUnread       entries newly found trimmed before the group was given them
 * @param lostPending      entries newly found trimmed after they were taken, before delivery
 * @param nextPendingAfter where the next run goes on through this consumer's pending entries ("-": done)
 * @param nextClaimFrom    where the next run goes on claiming idle entries ("0-0": from the start)
 * @param createdGroup     this run created the consumer group
 * @param more             this run stopped for room (count or bytes), not because all was read
 * @param oversized        the entries past {@link BoundedEntries#OVERSIZED_ENTRY_BYTES} this run read
 */
record FeedPage(List<Object> entries, long lostUnread, long lostPending, String nextPendingAfter,
        String nextClaimFrom, boolean createdGroup, boolean more, List<BoundedEntries.Oversized> oversized) {

    private static final LuaScript NEXT = LuaScript.load("failed-commands-feed-next", "field-of",
            BoundedEntries.HELPERS);

    /** Up to {@code max} entries for {@code consumer} of {@code group}, going on from where the last run stopped. */
    static List<String> arguments(String group, String consumer, int max, long claimIdleMillis, String pendingAfter,
            String claimFrom) {
        List<String> arguments = new ArrayList<>(BoundedEntries.limitArguments());
        arguments.addAll(List.of(group, consumer, String.valueOf(max), String.valueOf(claimIdleMillis), pendingAfter,
                claimFrom, FeedCounters.BASELINE, FeedCounters.READ, FeedCounters.LOST_UNREAD,
                FeedCounters.LOST_PENDING));
        return arguments;
    }

    static FeedPage next(ScriptingKeyCommands redis, String consumer, List<String> arguments) {
        return of(NEXT.eval(redis, List.of(FailedCommand.STREAM, FeedCounters.key(consumer)), arguments));
    }

    @SuppressWarnings("unchecked")
    static FeedPage of(Object reply) {
        List<?> fields = (List<?>) reply;
        return new FeedPage((List<Object>) fields.get(0), number(fields.get(1)), number(fields.get(2)),
                BoundedEntries.text(fields.get(3)), BoundedEntries.text(fields.get(4)), number(fields.get(5)) == 1,
                number(fields.get(6)) == 1, BoundedEntries.oversized(fields.get(7)));
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
