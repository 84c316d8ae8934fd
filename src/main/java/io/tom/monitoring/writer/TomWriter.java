package io.tom.monitoring.writer;

import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.domain.Heartbeat;
import io.tom.monitoring.domain.JobOutcome;
import io.tom.monitoring.domain.MetricsEvent;
import io.tom.monitoring.domain.StatsHash;
import io.tom.monitoring.redis.RedisConnections;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.PipeliningBase;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.XAddParams;

/**
 * Records what a Tom worker records, in the layout of docs/redis-layout.md (each record encodes
 * itself), so the Python workers and Camel-based ones (and the simulator) feed the same Redis:
 * stats hashes refreshed to a one-hour TTL, the metrics stream, the failed-commands stream with
 * the upstream field limits, and the heartbeat. On one Redis, one job's updates are applied in one
 * MULTI/EXEC, so a reader never sees a job counted in one hash and not in another. On a Redis
 * Cluster a job's keys live in different slots (Tom's keys carry no hash tags), where MULTI cannot
 * reach: the updates go in one pipeline instead, and a reader may briefly see a job in some hashes
 * before the others.
 */
public final class TomWriter {

    private final RedisConnections connections;

    public TomWriter(RedisConnections connections) {
        this.connections = connections;
    }

    public void recordJob(JobOutcome job) {
        if (connections.isCluster()) {
            connections.keyedOnce(client -> {
                try (AbstractPipeline pipeline = client.pipelined()) {
                    addJobCommands(pipeline, job);
                    pipeline.sync();
                }
                return null;
            });
        } else {
            connections.withPrimaryOnce(redis -> {
                Transaction tx = redis.multi();
                addJobCommands(tx, job);
                tx.exec();
                return null;
            });
        }
    }

    /** The commands recording one job, into a transaction or (on a cluster) a pipeline. */
    private static void addJobCommands(PipeliningBase tx, JobOutcome job) {
        for (String key : StatsHash.keysFor(job)) {
            for (String field : StatsHash.incrementsFor(job)) {
                tx.hincrBy(key, field, 1);
            }
            tx.expire(key, StatsHash.TTL_SECONDS);
        }
        tx.xadd(MetricsEvent.STREAM, XAddParams.xAddParams().maxLen(MetricsEvent.MAXLEN).exactTrimming(),
                MetricsEvent.encode(job));
        if (!job.succeeded()) {
            tx.xadd(FailedCommand.STREAM, XAddParams.xAddParams().maxLen(FailedCommand.MAXLEN).exactTrimming(),
                    FailedCommand.encode(job));
        }
    }

    public void heartbeat(Heartbeat heartbeat) {
        String json = heartbeat.encode();
        connections.keyed(redis -> redis.setex(Heartbeat.key(heartbeat.workerId()), Heartbeat.TTL_SECONDS, json));
    }
}
