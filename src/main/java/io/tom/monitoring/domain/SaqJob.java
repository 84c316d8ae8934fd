package io.tom.monitoring.domain;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An SAQ job (docs/redis-layout.md, "SAQ jobs"): the string under its job id
 * {@code saq:job:{queue}:{key}}, holding JSON with {@code queued}, {@code started},
 * {@code completed} and {@code touched} in epoch <em>milliseconds</em>, {@code attempts},
 * {@code status}, {@code function}, {@code kwargs} and {@code scheduled} (epoch seconds, 0 = now).
 * Finished jobs are kept SAQ's {@code ttl} (600 s by default).
 *
 * @param queuedMillis     when the job was enqueued, epoch milliseconds
 * @param startedMillis    when a worker took it, 0 before
 * @param completedMillis  when it finished, 0 before
 * @param scheduledSeconds when it is due, epoch seconds; 0 = now
 * @param status           SAQ's: queued, active, complete, failed
 * @param kwargs           the function's arguments; Tom's request model is the JSON string {@code kwargs.json}
 * @param timeoutSeconds   how long SAQ lets the job run; 0 for no timeout
 */
public record SaqJob(String key, String queue, String function, long queuedMillis, long startedMillis,
        long completedMillis, long scheduledSeconds, int attempts, String status, Map<String, Object> kwargs,
        int timeoutSeconds) {

    /** SAQ's default job timeout. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;

    /** The TTL SAQ gives a finished job by default. */
    public static final int FINISHED_TTL_SECONDS = 600;

    /** A job just enqueued, due now. */
    public static SaqJob queued(String queue, String key, String function, long nowMillis) {
        return queued(queue, key, function, Map.of(), DEFAULT_TIMEOUT_SECONDS, nowMillis);
    }

    /** A job just enqueued with its arguments and timeout, due now. */
    public static SaqJob queued(String queue, String key, String function, Map<String, Object> kwargs,
            int timeoutSeconds, long nowMillis) {
        return new SaqJob(key, queue, function, nowMillis, 0, 0, 0, 0, "queued", Map.copyOf(kwargs), timeoutSeconds);
    }

    public SaqJob started(long nowMillis) {
        return new SaqJob(key, queue, function, queuedMillis, nowMillis, 0, 0, attempts + 1, "active", kwargs,
                timeoutSeconds);
    }

    /** Waiting for a retry due at {@code dueSeconds}. */
    public SaqJob retryAt(long dueSeconds) {
        return new SaqJob(key, queue, function, queuedMillis, startedMillis, 0, dueSeconds, attempts, "queued", kwargs,
                timeoutSeconds);
    }

    public SaqJob finished(long nowMillis, boolean succeeded) {
        return new SaqJob(key, queue, function, queuedMillis, startedMillis, nowMillis, scheduledSeconds, attempts,
                succeeded ? "complete" : "failed", kwargs, timeoutSeconds);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The job's id, which is also its key. */
    public String id() {
        return SaqQueue.jobId(queue, key);
    }

    /** When the job was enqueued, or -1 when its JSON is not an object with an integer {@code queued}. */
    public static long queuedMillis(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode queued = node == null ? null : node.get("queued");
            if (node != null && node.isObject() && queued != null && queued.canConvertToLong() && queued.asLong() >= 0) {
                return queued.asLong();
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        return -1;
    }

    /** The JSON SAQ writes for the job. */
    public String encode() {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("function", function);
        job.put("kwargs", kwargs);
        job.put("queue", queue);
        job.put("key", key);
        job.put("timeout", timeoutSeconds);
        job.put("heartbeat", 0);
        job.put("retries", 1);
        job.put("ttl", 600);
        job.put("retry_delay", 0.0);
        job.put("retry_backoff", false);
        job.put("scheduled", scheduledSeconds);
        job.put("progress", 0.0);
        job.put("attempts", attempts);
        job.put("completed", completedMillis);
        job.put("queued", queuedMillis);
        job.put("started", startedMillis);
        job.put("touched", Math.max(queuedMillis, Math.max(startedMillis, completedMillis)));
        job.put("result", null);
        job.put("error", null);
        job.put("status", status);
        job.put("meta", Map.of());
        try {
            return JSON.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write SAQ job JSON", e);
        }
    }
}
