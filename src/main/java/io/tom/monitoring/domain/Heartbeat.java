package io.tom.monitoring.domain;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A worker's heartbeat (docs/redis-layout.md, "Heartbeats"): the string
 * {@code tom:worker:heartbeat:{worker_id}} holding JSON {@code worker_id}, {@code hostname},
 * {@code timestamp} (float epoch seconds), {@code version}, {@code status}, {@code pid}, written
 * with a 60 s TTL every 30 s.
 *
 * @param pid null when the JSON carries none (or not an integer)
 */
public record Heartbeat(
        String workerId,
        double timestampSeconds,
        String hostname,
        String version,
        String status,
        Long pid) {

    public static final String PREFIX = "tom:worker:heartbeat:";
    /** SCAN pattern of every heartbeat. */
    public static final String PATTERN = PREFIX + "*";
    public static final int TTL_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String key(String workerId) {
        return PREFIX + workerId;
    }

    /** Seconds since the heartbeat by Redis's clock; 0 for one a worker's clock dated slightly ahead. */
    public double ageSeconds(double nowSeconds) {
        return Math.max(0, nowSeconds - timestampSeconds);
    }

    /**
     * Dated further ahead of Redis's clock than a heartbeat lives ({@value #TTL_SECONDS} s): the
     * worker's clock is wrong, and its age cannot be told; read as malformed.
     */
    public boolean datedBeyondItsLifetime(double nowSeconds) {
        return timestampSeconds - nowSeconds > TTL_SECONDS;
    }

    /** The heartbeat, or null when the value is not a JSON object with a finite numeric timestamp. */
    public static Heartbeat decode(String workerId, String raw) {
        JsonNode json;
        try {
            json = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (json == null || !json.isObject()) {
            return null;
        }
        JsonNode timestamp = json.get("timestamp");
        if (timestamp == null || !timestamp.isNumber() || !Double.isFinite(timestamp.asDouble())) {
            return null;
        }
        JsonNode pid = json.get("pid");
        return new Heartbeat(workerId, timestamp.asDouble(), text(json, "hostname"), text(json, "version"),
                text(json, "status"), pid != null && pid.canConvertToLong() ? pid.asLong() : null);
    }

    /** The JSON a worker writes, fields in the workers' order. */
    public String encode() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("worker_id", workerId);
        body.put("hostname", hostname);
        body.put("timestamp", timestampSeconds);
        body.put("version", version);
        body.put("status", status);
        body.put("pid", pid);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write heartbeat JSON", e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
