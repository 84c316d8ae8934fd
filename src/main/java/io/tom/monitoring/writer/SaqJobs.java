package io.tom.monitoring.writer;

import io.tom.monitoring.domain.SaqJob;
import io.tom.monitoring.domain.SaqQueue;
import io.tom.monitoring.redis.RedisConnections;
import redis.clients.jedis.AbstractPipeline;

/**
 * Moves jobs through an SAQ queue as SAQ 0.2x does with its own keys (docs/redis-layout.md, "SAQ
 * queues"): the job's JSON under its id, the id in {@code queued}, then {@code active}, the
 * unfinished job in {@code incomplete} scored by when it is due, and the finished job's JSON kept
 * for SAQ's TTL. For the simulator and tests; the controller itself only reads these keys.
 */
public final class SaqJobs {

    private final RedisConnections connections;

    public SaqJobs(RedisConnections connections) {
        this.connections = connections;
    }

    public void enqueue(SaqJob job) {
        run(pipeline -> {
            pipeline.set(job.id(), job.encode());
            pipeline.rpush(SaqQueue.queuedKey(job.queue()), job.id());
            pipeline.zadd(SaqQueue.incompleteKey(job.queue()), job.scheduledSeconds(), job.id());
        });
    }

    /** A worker took the job: from queued to active. */
    public void start(SaqJob job) {
        run(pipeline -> {
            pipeline.lrem(SaqQueue.queuedKey(job.queue()), 1, job.id());
            pipeline.rpush(SaqQueue.activeKey(job.queue()), job.id());
            pipeline.set(job.id(), job.encode());
        });
    }

    /** The job will be retried later: out of active, scheduled in incomplete. */
    public void retryLater(SaqJob job) {
        run(pipeline -> {
            pipeline.lrem(SaqQueue.activeKey(job.queue()), 1, job.id());
            pipeline.zadd(SaqQueue.incompleteKey(job.queue()), job.scheduledSeconds(), job.id());
            pipeline.set(job.id(), job.encode());
        });
    }

    /** A scheduled job came due: back in the queue. */
    public void requeue(SaqJob job) {
        run(pipeline -> {
            pipeline.zadd(SaqQueue.incompleteKey(job.queue()), 0, job.id());
            pipeline.rpush(SaqQueue.queuedKey(job.queue()), job.id());
            pipeline.set(job.id(), job.encode());
        });
    }

    public void finish(SaqJob job) {
        run(pipeline -> {
            pipeline.lrem(SaqQueue.activeKey(job.queue()), 1, job.id());
            pipeline.zrem(SaqQueue.incompleteKey(job.queue()), job.id());
            pipeline.setex(job.id(), SaqJob.FINISHED_TTL_SECONDS, job.encode());
        });
    }

    private void run(java.util.function.Consumer<AbstractPipeline> commands) {
        connections.keyed(client -> {
            try (AbstractPipeline pipeline = client.pipelined()) {
                commands.accept(pipeline);
                pipeline.sync();
            }
            return null;
        });
    }
}
