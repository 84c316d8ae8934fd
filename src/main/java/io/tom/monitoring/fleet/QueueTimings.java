package io.tom.monitoring.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.domain.SaqJob;
import io.tom.monitoring.domain.SaqQueue;
import io.tom.monitoring.redis.RedisConnections;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * How long the configured SAQ queues make jobs wait (docs/redis-layout.md, "SAQ queues"): the age
 * of the job at the head of each queue (Redis time minus its {@code queued}, 0 for an empty queue),
 * and the jobs scheduled for later. Two pipelines: the heads and schedules, then the heads' jobs.
 */
public final class QueueTimings {

    /** Heads tried per queue when the first ones' jobs are gone or malformed. */
    static final int HEADS_TRIED = 5;

    private final RedisConnections connections;
    private final List<String> queues;

    public QueueTimings(RedisConnections connections, List<String> queues) {
        this.connections = connections;
        this.queues = List.copyOf(queues);
    }

    /**
     * @param latencySeconds the oldest waiting job's age; 0 when none waits; NaN when no head's job could be read
     * @param scheduled      unfinished jobs due later than now
     */
    public record Timing(String queue, double latencySeconds, long scheduled) {
    }

    /** Each queue's timing at {@code nowSeconds} (the Redis clock); skipped heads are counted in {@code malformed}. */
    public List<Timing> read(double nowSeconds, MalformedRecords malformed) {
        if (queues.isEmpty()) {
            return List.of();
        }
        Map<String, Response<List<String>>> heads = new LinkedHashMap<>();
        Map<String, Response<Long>> scheduled = new LinkedHashMap<>();
        connections.keyed(redis -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (String queue : queues) {
                    heads.put(queue, pipeline.lrange(SaqQueue.queuedKey(queue), 0, HEADS_TRIED - 1));
                    scheduled.put(queue, pipeline.zcount(SaqQueue.incompleteKey(queue), "(" + nowSeconds, "+inf"));
                }
                pipeline.sync();
            }
            return null;
        });
        Map<String, List<String>> headIds = new LinkedHashMap<>();
        java.util.Set<String> unreadableHeads = new java.util.HashSet<>();
        Map<String, Long> due = new LinkedHashMap<>();
        for (String queue : queues) {
            // a queue key of the wrong type is counted once, by the depth read
            List<String> ids = Replies.valueOrNull(heads.get(queue));
            Long later = Replies.valueOrNull(scheduled.get(queue));
            // a queued list of another type has no head: no latency, but the schedule still counts
            headIds.put(queue, ids == null ? List.of() : ids);
            due.put(queue, later == null ? 0 : later);
            if (ids == null) {
                unreadableHeads.add(queue);
            }
            if (later == null) {
                // ZCOUNT of a missing key is 0: null is an incomplete set of the wrong type
                malformed.record(MalformedRecords.Kind.QUEUE);
            }
        }
        Map<String, List<Response<String>>> jobs = new LinkedHashMap<>();
        connections.keyed(redis -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                headIds.forEach((queue, ids) -> {
                    List<Response<String>> replies = new ArrayList<>();
                    for (String id : ids) {
                        replies.add(pipeline.get(id));
                    }
                    jobs.put(queue, replies);
                });
                pipeline.sync();
            }
            return null;
        });
        List<Timing> timings = new ArrayList<>();
        headIds.forEach((queue, ids) -> timings.add(new Timing(queue, unreadableHeads.contains(queue) ? Double.NaN
                : latency(ids, jobs.get(queue), nowSeconds, malformed), due.get(queue))));
        return timings;
    }

    private static double latency(List<String> ids, List<Response<String>> jobs, double nowSeconds,
            MalformedRecords malformed) {
        if (ids.isEmpty()) {
            return 0;
        }
        for (Response<String> job : jobs) {
            String json = Replies.valueOrNull(job);
            long queued = json == null ? -1 : SaqJob.queuedMillis(json);
            if (queued >= 0) {
                return Math.max(0, nowSeconds - queued / 1000.0);
            }
            // a job key that is gone (finished and expired) or not SAQ's JSON
            malformed.record(MalformedRecords.Kind.QUEUE);
        }
        return Double.NaN;
    }
}
