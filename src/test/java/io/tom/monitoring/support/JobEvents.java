package io.tom.monitoring.support;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;

/**
 * Writes metrics-stream events exactly as Tom workers 1.4.x do ({@code XADD tom:metrics:stream
 * MAXLEN 10000 * timestamp worker device status error_type duration}), and computes what the job
 * history must then hold, independently of the controller's code.
 */
public final class JobEvents {

    public static final String STREAM = "tom:metrics:stream";
    public static final double[] DEFAULT_BOUNDS = {0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};

    private final UnifiedJedis redis;
    private final double[] bounds;
    private final Map<String, long[]> buckets = new TreeMap<>();
    private final Map<String, BigDecimal> sums = new HashMap<>();
    private final Map<String, Long> lastSuccess = new HashMap<>();
    private final Map<String, Long> lastFailure = new HashMap<>();
    private long written;

    public JobEvents(UnifiedJedis redis, double[] bounds) {
        this.redis = redis;
        this.bounds = bounds;
    }

    /** Adds one event; {@code duration} as the worker formats it, or null for none. Returns its id. */
    public StreamEntryID add(String worker, String device, String status, String errorType, String duration) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("timestamp", String.valueOf(System.currentTimeMillis() / 1000));
        fields.put("worker", worker);
        fields.put("device", device);
        fields.put("status", status);
        fields.put("error_type", errorType);
        if (duration != null) {
            fields.put("duration", duration);
        }
        StreamEntryID id = redis.xadd(STREAM, XAddParams.xAddParams().maxLen(10_000), fields);
        expect(id, worker, device, status, errorType, duration);
        return id;
    }

    /** Records an event some other writer added. */
    public void expect(StreamEntryID id, String worker, String device, String status, String errorType,
            String duration) {
        written++;
        if (duration != null) {
            String series = series(worker, status, errorType);
            BigDecimal seconds = new BigDecimal(duration);
            long[] counts = buckets.computeIfAbsent(series, s -> new long[bounds.length + 1]);
            int bucket = bounds.length;
            for (int i = 0; i < bounds.length; i++) {
                if (seconds.compareTo(BigDecimal.valueOf(bounds[i])) <= 0) {
                    bucket = i;
                    break;
                }
            }
            counts[bucket]++;
            sums.merge(series, seconds.setScale(9, RoundingMode.HALF_EVEN), BigDecimal::add);
        }
        (status.equals("success") ? lastSuccess : lastFailure).merge(device, id.getTime(), Math::max);
    }

    public long written() {
        return written;
    }

    /** Every sample of tom_job_duration_seconds the scrape must carry, by series name. */
    public Map<String, Double> histogramSamples() {
        Map<String, Double> samples = new TreeMap<>();
        buckets.forEach((series, counts) -> {
            String[] labels = series.split("\u0000");
            long cumulative = 0;
            for (int i = 0; i <= bounds.length; i++) {
                cumulative += counts[i];
                String le = i == bounds.length ? "+Inf" : Double.toString(bounds[i]);
                samples.put(Exposition.series("tom_job_duration_seconds_bucket", "worker", labels[0], "status", labels[1],
                        "error_type", labels[2], "le", le), (double) cumulative);
            }
            samples.put(Exposition.series("tom_job_duration_seconds_count", "worker", labels[0], "status", labels[1],
                    "error_type", labels[2]), (double) cumulative);
            samples.put(Exposition.series("tom_job_duration_seconds_sum", "worker", labels[0], "status", labels[1],
                    "error_type", labels[2]), sums.get(series).doubleValue());
        });
        return samples;
    }

    /** Epoch seconds of each device's newest successful (or failed) event. */
    public Map<String, Double> lastTimestamps(boolean success) {
        Map<String, Double> seconds = new TreeMap<>();
        (success ? lastSuccess : lastFailure).forEach((device, millis) -> seconds.put(Exposition.series(
                success ? "tom_device_last_success_timestamp_seconds" : "tom_device_last_failure_timestamp_seconds",
                "device", device), millis / 1000.0));
        return seconds;
    }

    private static String series(String worker, String status, String errorType) {
        return worker + "\u0000" + status + "\u0000" + errorType;
    }
}
