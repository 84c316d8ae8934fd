package io.tom.monitoring.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.domain.FeedCounters;
import io.tom.monitoring.fleet.BoundedEntries;
import io.tom.monitoring.fleet.FailedCommandsReader;
import io.tom.monitoring.fleet.OversizedEntries;
import io.tom.monitoring.redis.ReadDeadline;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * New failures of {@code tom:failed_commands} for a named consumer (a webhook, a ticketing
 * feed), behind the {@code tom-failed-commands-source} Kamelet. Each consumer name is a Redis
 * consumer group on the stream, created at its newest entry (only failures from then on), and each
 * controller a consumer in it: controllers sharing a name share the failures, each delivered by
 * one of them; a failure is acknowledged only once delivered, and one a controller took and never
 * acknowledged (it died) is taken over after the claim time, so delivery is at least once across
 * crashes and restarts.
 */
public final class FailedCommandsFeed {

    private static final String GROUP_PREFIX = FeedCounters.GROUP_PREFIX;

    private static final Logger LOG = LoggerFactory.getLogger(FailedCommandsFeed.class);

    private final RedisConnections connections;
    private final String controller;
    private final Duration claimIdle;
    /** How long one run of the feed's script may take: an entry of up to 512 MB is read well within it. */
    static final Duration PAGE_BUDGET = Duration.ofSeconds(30);

    private final OversizedEntries oversized;
    /** The consumers whose last poll failed on Redis, to say when they resume. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    public FailedCommandsFeed(RedisConnections connections, String controller, Duration claimIdle,
            OversizedEntries oversized) {
        this.connections = connections;
        this.oversized = oversized;
        this.controller = controller;
        this.claimIdle = claimIdle;
    }

    /** One failure as the feed delivers it: the API's failure shape, plus its stream entry id. */
    public record Message(String entryId, String timestamp, String device, String command, String errorType,
            String error, String jobId, String worker, String credentialId, Integer attempts) {
    }

    /**
     * Up to {@code max} failures for {@code consumer}, in stream order within each source: first
     * those this controller took and has not delivered (a failed delivery is retried at the next
     * poll), then those another controller left undelivered longer than the claim time, then new
     * ones. One script ({@link FeedPage}) does it all, with the entries' fields cut to the
     * layout's bounds, and counts failures trimmed before they were delivered: those are logged
     * and counted in {@code tom_feed_failures_lost_total{consumer}}.
     */
    public List<Message> next(String consumer, int max) {
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("a failed-commands feed needs a consumerName");
        }
        List<Message> messages;
        try {
            messages = read(consumer, max);
        } catch (RuntimeException e) {
            Optional<RedisRefusal> refusal = RedisRefusal.of(e);
            if (refusal.isEmpty()) {
                throw e;
            }
            // like the built-in routes: once a minute per cause, not a stack trace per poll
            failing.add(consumer);
            connections.refusals().met(refusal.get(), e, "reading the failed-commands feed '" + consumer
                    + "' (retried at each poll)");
            return List.of();
        }
        if (failing.remove(consumer)) {
            LOG.info("Feed '{}': Redis answers again; delivering from where it stopped", consumer);
        }
        return messages;
    }

    private List<Message> read(String consumer, int max) {
        List<Object> entries = new ArrayList<>();
        String pendingAfter = "0";
        String claimFrom = "0-0";
        long lostUnread = 0;
        long lostPending = 0;
        // a page per script run, so that entries of megabytes never make one run long
        while (entries.size() < max) {
            List<String> arguments = FeedPage.arguments(GROUP_PREFIX + consumer, controller,
                    Math.min(BoundedEntries.ENTRIES_PER_RUN, max - entries.size()), claimIdle.toMillis(), pendingAfter,
                    claimFrom);
            // a run reading an oversized entry takes longer than one Redis timeout: it may take the page's budget
            FeedPage page = ReadDeadline.within(PAGE_BUDGET, () -> connections.keyedUntilDeadline(FailedCommand.STREAM,
                    redis -> FeedPage.next(redis, consumer, arguments)));
            entries.addAll(page.entries());
            oversized.met("the feed '" + consumer + "'", page.oversized());
            lostUnread += page.lostUnread();
            lostPending += page.lostPending();
            pendingAfter = page.nextPendingAfter();
            claimFrom = page.nextClaimFrom();
            if (page.createdGroup()) {
                LOG.info("Consumer '{}' follows {} from its newest entry on (consumer group {})", consumer,
                        FailedCommand.STREAM, GROUP_PREFIX + consumer);
            }
            if (!page.more()) {
                break;
            }
        }
        long lost = lostUnread + lostPending;
        if (lost > 0) {
            LOG.warn("Feed '{}': {} failures were trimmed from {} before they were delivered ({} never read, {} taken"
                    + " and not yet delivered); keep the feed ahead of the trimming (TOM_TRIM_FAILED_COMMANDS_MAXLEN)",
                    consumer, lost, FailedCommand.STREAM, lostUnread, lostPending);
        }
        List<Message> messages = new ArrayList<>();
        for (StreamEntry entry : BoundedEntries.parse(entries)) {
            FailedCommand failure = FailedCommandsReader.decode(entry);
            if (failure == null) {
                LOG.warn("Feed '{}' skips malformed entry {} of {}", consumer, entry.getID(), FailedCommand.STREAM);
                delivered(consumer, entry.getID().toString());
                continue;
            }
            messages.add(new Message(failure.entryId(), IsoTimestamps.ofEpochMillis(failure.epochMillis()),
                    failure.device(), failure.command(), failure.errorType(), failure.error(), failure.jobId(),
                    failure.workerId(), failure.credentialId(), failure.attempts()));
        }
        return messages;
    }

    /** The failure {@code entryId} was delivered for {@code consumer}. */
    public void delivered(String consumer, String entryId) {
        connections.keyed(redis -> redis.xack(FailedCommand.STREAM, GROUP_PREFIX + consumer, new StreamEntryID(entryId)));
    }
}
