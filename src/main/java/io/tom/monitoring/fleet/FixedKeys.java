package io.tom.monitoring.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.domain.MetricsEvent;
import io.tom.monitoring.domain.SaqQueue;
import io.tom.monitoring.domain.StatsHash;
import io.tom.monitoring.redis.RedisConnections;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * The records of fixed names, wherever they live: {@code tom:stats:global}, the configured SAQ
 * queues and the two Tom streams' lengths, in one pipeline through the client (which routes each
 * key to its node on a Redis Cluster).
 */
final class FixedKeys {

    private static final List<String> STREAMS = List.of(FailedCommand.STREAM, MetricsEvent.STREAM);

    Optional<JobCounts> global = Optional.empty();
    final List<SaqQueue> queues = new ArrayList<>();
    final Map<String, Long> streamLengths = new TreeMap<>();

    private FixedKeys() {
    }

    static FixedKeys read(RedisConnections connections, boolean stats, List<String> queues, boolean streams,
            MalformedRecords malformed) {
        List<String> streamsRead = streams ? STREAMS : List.of();
        Pending pending = connections.keyed(client -> {
            try (AbstractPipeline pipeline = client.pipelined()) {
                Pending replies = new Pending(stats
                        ? pipeline.hmget(PrimaryRead.bytes(StatsHash.GLOBAL_KEY), StatsHash.fieldArguments()) : null);
                for (String queue : queues) {
                    replies.queued.add(pipeline.llen(SaqQueue.queuedKey(queue)));
                    replies.active.add(pipeline.llen(SaqQueue.activeKey(queue)));
                }
                for (String stream : streamsRead) {
                    replies.streamLengths.add(pipeline.xlen(stream));
                }
                pipeline.sync();
                return replies;
            }
        });

        FixedKeys read = new FixedKeys();
        Replies answers = new Replies(connections.refusals());
        if (pending.global != null) {
            List<byte[]> values = answers.valueOf(pending.global, malformed, MalformedRecords.Kind.STATS);
            read.global = values == null ? Optional.empty() : StatsHash.decode(values, malformed);
        }
        for (int i = 0; i < queues.size(); i++) {
            Long waiting = answers.valueOf(pending.queued.get(i), malformed, MalformedRecords.Kind.QUEUE);
            Long running = answers.valueOf(pending.active.get(i), malformed, MalformedRecords.Kind.QUEUE);
            // one unreadable list does not hide what the other says
            if (waiting != null || running != null) {
                read.queues.add(new SaqQueue(queues.get(i), waiting, running));
            }
        }
        for (int i = 0; i < streamsRead.size(); i++) {
            Long length = answers.valueOf(pending.streamLengths.get(i), malformed, MalformedRecords.Kind.STREAM);
            if (length != null) {
                read.streamLengths.put(streamsRead.get(i), length);
            }
        }
        return read;
    }

    /** The pipeline's replies, before they are decoded. */
    private static final class Pending {
        final Response<List<byte[]>> global;
        final List<Response<Long>> queued = new ArrayList<>();
        final List<Response<Long>> active = new ArrayList<>();
        final List<Response<Long>> streamLengths = new ArrayList<>();

        Pending(Response<List<byte[]>> global) {
            this.global = global;
        }
    }
}
