package io.tom.monitoring.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.fleet.FailedCommandsReader;
import io.tom.monitoring.redis.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
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

    /** The consumer group of a consumer name: {@code tom-feed:<name>} (a group, not a key). */
    static final String GROUP_PREFIX = "tom-feed:";

    private static final Logger LOG = LoggerFactory.getLogger(FailedCommandsFeed.class);

    private final RedisConnections connections;
    private final String controller;
    private final Duration claimIdle;

    public FailedCommandsFeed(RedisConnections connections, String controller, Duration claimIdle) {
        this.connections = connections;
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
     * poll), then those another controller left undelivered longer than the claim time, then new ones.
     */
    public List<Message> next(String consumer, int max) {
        return connections.keyed(redis -> {
            String group = group(redis, consumer);
            List<StreamEntry> entries = new ArrayList<>(read(redis, group, max, new StreamEntryID(0, 0)));
            if (entries.size() < max) {
                entries.addAll(redis.xautoclaim(FailedCommand.STREAM, group, controller, claimIdle.toMillis(),
                        new StreamEntryID(0, 0), XAutoClaimParams.xAutoClaimParams().count(max - entries.size()))
                        .getValue());
            }
            if (entries.size() < max) {
                entries.addAll(read(redis, group, max - entries.size(), StreamEntryID.UNRECEIVED_ENTRY));
            }
            List<Message> messages = new ArrayList<>();
            for (StreamEntry entry : entries) {
                if (entry == null || entry.getFields() == null) {
                    // taken, then trimmed from the stream before it was delivered
                    if (entry != null) {
                        LOG.warn("Feed '{}': failure {} was trimmed from {} before it was delivered", consumer,
                                entry.getID(), FailedCommand.STREAM);
                        redis.xack(FailedCommand.STREAM, group, entry.getID());
                    }
                    continue;
                }
                FailedCommand failure = FailedCommandsReader.decode(entry);
                if (failure == null) {
                    LOG.warn("Feed '{}' skips malformed entry {} of {}", consumer, entry.getID(), FailedCommand.STREAM);
                    redis.xack(FailedCommand.STREAM, group, entry.getID());
                    continue;
                }
                messages.add(new Message(failure.entryId(), IsoTimestamps.ofEpochMillis(failure.epochMillis()),
                        failure.device(), failure.command(), failure.errorType(), failure.error(), failure.jobId(),
                        failure.workerId(), failure.credentialId(), failure.attempts()));
            }
            return messages;
        });
    }

    /** {@code from} 0-0: this consumer's own pending entries; {@code >}: entries no consumer was given yet. */
    private List<StreamEntry> read(UnifiedJedis redis, String group, int count, StreamEntryID from) {
        List<Map.Entry<String, List<StreamEntry>>> reply = redis.xreadGroup(group, controller,
                XReadGroupParams.xReadGroupParams().count(count), Map.of(FailedCommand.STREAM, from));
        return reply == null || reply.isEmpty() ? List.of() : reply.get(0).getValue();
    }

    /** The failure {@code entryId} was delivered for {@code consumer}. */
    public void delivered(String consumer, String entryId) {
        connections.keyed(redis -> redis.xack(FailedCommand.STREAM, GROUP_PREFIX + consumer, new StreamEntryID(entryId)));
    }

    /** The consumer's group, created at the stream's newest entry the first time. */
    private static String group(UnifiedJedis redis, String consumer) {
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("a failed-commands feed needs a consumerName");
        }
        String group = GROUP_PREFIX + consumer;
        try {
            redis.xgroupCreate(FailedCommand.STREAM, group, StreamEntryID.XGROUP_LAST_ENTRY, true);
            LOG.info("Consumer '{}' follows {} from its newest entry on (consumer group {})", consumer,
                    FailedCommand.STREAM, group);
        } catch (JedisDataException exists) {
            if (!String.valueOf(exists.getMessage()).startsWith("BUSYGROUP")) {
                throw exists;
            }
        }
        return group;
    }
}
