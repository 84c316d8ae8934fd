package io.tom.monitoring.writer;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.TomKeys;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.PipeliningBase;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.XAddParams;

/**
 * Records what a Tom worker records, in exactly the layout of SPEC §1, so the Python workers and
 * Camel-based ones (and the simulator) feed the same Redis: stats hashes refreshed to a one-hour
 * TTL, the metrics stream, the failed-commands stream with the upstream field limits, and the
 * heartbeat. On one Redis, one job's updates are applied in one MULTI/EXEC, so a reader never
 * sees a job counted in one hash and not in another. On a Redis Cluster a job's keys live in
 * different slots (Tom's keys carry no hash tags), where MULTI cannot reach: the updates go in one
 * pipeline instead, and a reader may briefly see a job in some hashes before the others.
 */
public final class TomWriter {

    public static final int STATS_TTL_SECONDS = 3600;
    public static final int HEARTBEAT_TTL_SECONDS = 60;
    public static final long METRICS_STREAM_MAXLEN = 10_000;
    public static final long FAILED_COMMANDS_MAXLEN = 1_000;
    public static final int COMMAND_MAX_CHARS = 500;
    public static final int ERROR_MAX_CHARS = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();

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
            for (String key : new String[] {TomKeys.workerStats(job.worker()), TomKeys.deviceStats(job.device()),
                    TomKeys.GLOBAL_STATS}) {
                if (job.succeeded()) {
                    tx.hincrBy(key, TomKeys.FIELD_COMPLETE, 1);
                } else {
                    tx.hincrBy(key, TomKeys.FIELD_FAILED, 1);
                    tx.hincrBy(key, TomKeys.failedField(job.errorType()), 1);
                }
                tx.expire(key, STATS_TTL_SECONDS);
            }
            tx.xadd(TomKeys.METRICS_STREAM, XAddParams.xAddParams().maxLen(METRICS_STREAM_MAXLEN).exactTrimming(),
                    metricsEvent(job));
            if (!job.succeeded()) {
                tx.xadd(TomKeys.FAILED_COMMANDS_STREAM,
                        XAddParams.xAddParams().maxLen(FAILED_COMMANDS_MAXLEN).exactTrimming(), failedCommand(job));
            }
    }

    public void heartbeat(WorkerHeartbeat heartbeat) {
        String json;
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("worker_id", heartbeat.workerId());
            body.put("hostname", heartbeat.hostname());
            body.put("timestamp", heartbeat.epochSeconds());
            body.put("version", heartbeat.version());
            body.put("status", heartbeat.status());
            body.put("pid", heartbeat.pid());
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write heartbeat JSON", e);
        }
        connections.keyed(redis -> redis.setex(TomKeys.heartbeat(heartbeat.workerId()),
                HEARTBEAT_TTL_SECONDS, json));
    }

    static Map<String, String> metricsEvent(JobOutcome job) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("timestamp", String.valueOf(job.epochSeconds()));
        event.put("worker", job.worker());
        event.put("device", job.device());
        event.put("status", job.succeeded() ? "success" : "failed");
        event.put("error_type", job.succeeded() ? "none" : job.errorType().label());
        if (job.durationSeconds() != null) {
            event.put("duration", String.valueOf(job.durationSeconds()));
        }
        return event;
    }

    static Map<String, String> failedCommand(JobOutcome job) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("device", job.device());
        entry.put("command", truncate(job.command(), COMMAND_MAX_CHARS));
        entry.put("error", truncate(job.error(), ERROR_MAX_CHARS));
        entry.put("error_type", job.errorType().label());
        entry.put("job_id", nullToEmpty(job.jobId()));
        entry.put("worker_id", job.worker());
        entry.put("credential_id", nullToEmpty(job.credentialId()));
        entry.put("attempts", String.valueOf(job.attempts()));
        entry.put("timestamp", String.valueOf(job.epochSeconds()));
        return entry;
    }

    private static String truncate(String value, int max) {
        String text = nullToEmpty(value);
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
