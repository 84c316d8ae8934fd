package io.tom.monitoring.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.domain.FeedCounters;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisRefusal;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * The failures each failed-commands feed lost, from the counters its own script keeps in Redis
 * ({@link FeedCounters}): the same on every controller, and kept across restarts. Two round trips
 * in the stream's slot: the stream's groups, then each feed's counters.
 */
public final class FeedLossReader {

    private final RedisConnections connections;

    public FeedLossReader(RedisConnections connections) {
        this.connections = connections;
    }

    /** Failures lost by feed consumer name: trimmed before the feed was given them or delivered them. */
    public Map<String, Long> read() {
        return connections.keyed(redis -> {
            List<String> consumers = new ArrayList<>();
            try {
                for (StreamGroupInfo group : redis.xinfoGroups(FailedCommand.STREAM)) {
                    if (group.getName().startsWith(FeedCounters.GROUP_PREFIX)) {
                        consumers.add(group.getName().substring(FeedCounters.GROUP_PREFIX.length()));
                    }
                }
            } catch (JedisDataException noStream) {
                RedisRefusal.rethrowRefusal(noStream);
                return Map.of();
            }
            Map<String, Long> lost = new TreeMap<>();
            if (consumers.isEmpty()) {
                return lost;
            }
            List<Response<List<String>>> counters = new ArrayList<>();
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (String consumer : consumers) {
                    counters.add(pipeline.hmget(FeedCounters.key(consumer), FeedCounters.LOST_UNREAD,
                            FeedCounters.LOST_PENDING));
                }
                pipeline.sync();
            }
            for (int i = 0; i < consumers.size(); i++) {
                List<String> values;
                try {
                    values = counters.get(i).get();
                } catch (JedisDataException wrongType) {
                    RedisRefusal.rethrowRefusal(wrongType);
                    continue;
                }
                lost.put(consumers.get(i), count(values.get(0)) + count(values.get(1)));
            }
            return lost;
        });
    }

    private static long count(String value) {
        try {
            return value == null ? 0 : Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
