package io.tom.monitoring.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tom.monitoring.domain.ActiveJob;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.domain.SaqQueue;
import io.tom.monitoring.redis.RedisConnections;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * The jobs the configured SAQ queues are processing (docs/redis-layout.md, "SAQ queues"): each
 * queue's {@code active} list, then each listed job's JSON, two pipelines in all. SAQ appends to the
 * active list as workers take jobs, so its head holds the longest-running ones: at most
 * {@link #JOBS_READ_PER_QUEUE} are read per queue, from the head.
 */
public final class ActiveJobsReader {

    /** Active jobs read per queue; a queue with more active jobs is judged on its longest-running ones. */
    public static final int JOBS_READ_PER_QUEUE = 10_000;
    private static final int GETS_PER_PIPELINE = 1_000;

    private final RedisConnections connections;
    private final List<String> queues;
    private final double graceSeconds;

    /** @param overdueGrace how far past its own timeout a job runs before it counts as overdue */
    public ActiveJobsReader(RedisConnections connections, List<String> queues, java.time.Duration overdueGrace) {
        this.connections = connections;
        this.queues = List.copyOf(queues);
        this.graceSeconds = overdueGrace.toMillis() / 1000.0;
    }

    /**
     * @param jobs         the queue's active jobs, longest-running first; null when its active list could not be read
     * @param nowSeconds   the Redis clock at the read
     * @param graceSeconds how far past its timeout a job runs before it is overdue
     */
    public record QueueActivity(String queue, List<ActiveJob> jobs, double nowSeconds, double graceSeconds) {

        public boolean readable() {
            return jobs != null;
        }

        /** Redis time minus the start of the longest-running job; 0 when none runs. */
        public double oldestSeconds() {
            return jobs.isEmpty() ? 0 : jobs.get(0).secondsRunning(nowSeconds);
        }

        public boolean overdue(ActiveJob job) {
            return job.overdue(nowSeconds, graceSeconds);
        }

        public long overdue() {
            return jobs.stream().filter(this::overdue).count();
        }
    }

    public List<String> queues() {
        return queues;
    }

    /** Every configured queue's activity now (the Redis clock). */
    public List<QueueActivity> read(MalformedRecords malformed) {
        // the first primary's clock (every primary of a cluster keeps the same time, as the scrape assumes)
        return read(connections.onEachPrimary(FleetSnapshotReader::redisTimeSeconds).get(0), malformed);
    }

    /** Every configured queue's activity at {@code nowSeconds}; a job JSON that is not SAQ's is counted in {@code malformed}. */
    public List<QueueActivity> read(double nowSeconds, MalformedRecords malformed) {
        if (queues.isEmpty()) {
            return List.of();
        }
        Map<String, Response<List<String>>> lists = new LinkedHashMap<>();
        connections.keyed(redis -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (String queue : queues) {
                    lists.put(queue, pipeline.lrange(SaqQueue.activeKey(queue), 0, JOBS_READ_PER_QUEUE - 1));
                }
                pipeline.sync();
            }
            return null;
        });
        List<QueueActivity> activity = new ArrayList<>();
        for (String queue : queues) {
            List<String> ids = Replies.valueOrNull(lists.get(queue));
            if (ids == null) {
                // an active key of another type: counted once, by the queue depth read
                activity.add(new QueueActivity(queue, null, nowSeconds, graceSeconds));
                continue;
            }
            List<ActiveJob> jobs = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += GETS_PER_PIPELINE) {
                List<String> page = ids.subList(from, Math.min(ids.size(), from + GETS_PER_PIPELINE));
                List<Response<String>> replies = new ArrayList<>(page.size());
                connections.keyed(redis -> {
                    try (AbstractPipeline pipeline = redis.pipelined()) {
                        for (String id : page) {
                            replies.add(pipeline.get(id));
                        }
                        pipeline.sync();
                    }
                    return null;
                });
                for (int i = 0; i < page.size(); i++) {
                    String json = Replies.valueOrNull(replies.get(i));
                    if (json == null) {
                        // finished (and gone) between the two reads, or a key of another type
                        continue;
                    }
                    Optional<ActiveJob> job = ActiveJob.decode(queue, page.get(i), json);
                    job.ifPresentOrElse(jobs::add, () -> malformed.record(MalformedRecords.Kind.QUEUE));
                }
            }
            jobs.sort(Comparator.comparingLong((ActiveJob job) -> job.startedMillis() == 0 ? Long.MAX_VALUE
                    : job.startedMillis()).thenComparing(ActiveJob::key, Comparator.nullsLast(Comparator.naturalOrder())));
            activity.add(new QueueActivity(queue, List.copyOf(jobs), nowSeconds, graceSeconds));
        }
        return activity;
    }
}
