package io.tom.monitoring.domain;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * An SAQ job being processed (docs/redis-layout.md, "SAQ jobs"): its JSON under
 * {@code saq:job:{queue}:{key}}, listed in {@code saq:{queue}:active}. Tom puts its request model in
 * {@code kwargs.json} (a JSON string, or an object): the device's {@code host}, {@code port},
 * {@code device_type} and a {@code credential}. Only those three device fields are read from it:
 * the credential, which can carry an inline password, is never decoded, kept or shown.
 *
 * @param startedMillis  when a worker started it, epoch milliseconds; 0 when it has not started yet
 * @param timeoutSeconds SAQ's {@code timeout}; 0 when the job has none
 * @param worker         SAQ's {@code worker_id} where the SAQ release records one, else null
 */
public record ActiveJob(String queue, String key, String function, String host, Integer port, String deviceType,
        long startedMillis, double timeoutSeconds, String worker) {

    // Jackson's error messages quote the source; with this off they cannot carry a password anywhere
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    /** The job listed as {@code id} in {@code queue}'s active list, or empty when its JSON is not SAQ's. */
    public static Optional<ActiveJob> decode(String queue, String id, String json) {
        JsonNode job = tree(json);
        if (job == null || !job.isObject()) {
            return Optional.empty();
        }
        JsonNode started = job.get("started");
        if (started != null && !started.isNull() && !(started.canConvertToLong() && started.asLong() >= 0)) {
            return Optional.empty();
        }
        JsonNode timeout = job.get("timeout");
        double timeoutSeconds = timeout != null && timeout.isNumber() && timeout.asDouble() > 0
                && Double.isFinite(timeout.asDouble()) ? timeout.asDouble() : 0;
        JsonNode request = request(job.get("kwargs"));
        String prefix = SaqQueue.jobId(queue, "");
        String key = text(job.get("key"));
        if (key == null) {
            key = id.startsWith(prefix) ? id.substring(prefix.length()) : id;
        }
        return Optional.of(new ActiveJob(queue, key, text(job.get("function")), text(request.get("host")),
                port(request.get("port")), text(request.get("device_type")),
                started == null || started.isNull() ? 0 : started.asLong(), timeoutSeconds, text(job.get("worker_id"))));
    }

    /** How long it has run at {@code nowSeconds} (the Redis clock); 0 before it starts. */
    public double secondsRunning(double nowSeconds) {
        return startedMillis == 0 ? 0 : Math.max(0, nowSeconds - startedMillis / 1000.0);
    }

    /** Running longer than its own timeout plus {@code graceSeconds}; never for a job without a timeout. */
    public boolean overdue(double nowSeconds, double graceSeconds) {
        return timeoutSeconds > 0 && startedMillis > 0 && secondsRunning(nowSeconds) > timeoutSeconds + graceSeconds;
    }

    private static JsonNode tree(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // deliberately not kept: the message could quote the job's JSON
            return null;
        }
    }

    /** {@code kwargs.json}, Tom's request model, as an object; an empty one when absent or unreadable. */
    private static JsonNode request(JsonNode kwargs) {
        JsonNode model = kwargs == null ? null : kwargs.get("json");
        if (model != null && model.isTextual()) {
            model = tree(model.asText());
        }
        return model != null && model.isObject() ? model : JSON.createObjectNode();
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static Integer port(JsonNode node) {
        if (node != null && node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 1 && node.asInt() <= 65_535) {
            return node.asInt();
        }
        if (node != null && node.isTextual() && node.asText().matches("[0-9]{1,5}")) {
            int port = Integer.parseInt(node.asText());
            return port >= 1 && port <= 65_535 ? port : null;
        }
        return null;
    }
}
