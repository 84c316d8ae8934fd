package io.tom.monitoring.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.JobHistory;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.domain.MetricsEvent;
import io.tom.monitoring.domain.StatsHash;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisRefusal;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamInfo;
import redis.clients.jedis.resps.Tuple;

/** Reads the job history the consumers aggregated, in one pipeline (its keys share one slot). */
public final class JobHistoryReader {

    private final RedisConnections connections;
    private final DurationBuckets buckets;

    public JobHistoryReader(RedisConnections connections, DurationBuckets buckets) {
        this.connections = connections;
        this.buckets = buckets;
    }

    public DurationBuckets buckets() {
        return buckets;
    }

    /** Everything a scrape exports; the devices' timestamps only for {@code devices} when given. */
    public JobHistorySnapshot read(Optional<Set<String>> devices) {
        return connections.keyed(redis -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                Response<Map<String, String>> consumer = pipeline.hgetAll(JobHistory.CONSUMER);
                Response<StreamInfo> stream = pipeline.xinfoStream(MetricsEvent.STREAM);
                Response<List<StreamGroupInfo>> groups = pipeline.xinfoGroups(MetricsEvent.STREAM);
                Response<Map<String, String>> durations = pipeline.hgetAll(JobHistory.DURATIONS);
                Response<Map<String, String>> other = pipeline.hgetAll(JobHistory.OTHER_DEVICES);
                List<String> only = devices.map(List::copyOf).orElse(null);
                Response<?> success = timestamps(pipeline, JobHistory.LAST_SUCCESS, only);
                Response<?> failure = timestamps(pipeline, JobHistory.LAST_FAILURE, only);
                pipeline.sync();
                return new JobHistorySnapshot(durations(durations.get()), timestamps(success, only),
                        timestamps(failure, only), consumption(consumer.get(), stream, groups),
                        otherDevices(other.get()));
            }
        });
    }

    /** The duration histogram alone, for answers that need nothing else of the history. */
    public List<JobHistorySnapshot.DurationSeries> durations() {
        return durations(connections.keyed(redis -> redis.hgetAll(JobHistory.DURATIONS)));
    }

    /** One device's newest successful and failed events, epoch milliseconds. */
    public DeviceHistory device(String device) {
        return connections.keyed(redis -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                Response<Double> success = pipeline.zscore(JobHistory.LAST_SUCCESS, device);
                Response<Double> failure = pipeline.zscore(JobHistory.LAST_FAILURE, device);
                pipeline.sync();
                return new DeviceHistory(millis(success.get()), millis(failure.get()));
            }
        });
    }

    /** @param lastSuccessMillis empty when the history holds no successful event of the device */
    public record DeviceHistory(Optional<Long> lastSuccessMillis, Optional<Long> lastFailureMillis) {
    }

    private static Optional<Long> millis(Double score) {
        return score == null ? Optional.empty() : Optional.of(score.longValue());
    }

    private static Response<?> timestamps(AbstractPipeline pipeline, String key, List<String> only) {
        if (only == null) {
            return pipeline.zrangeWithScores(key, 0, -1);
        }
        return only.isEmpty() ? null : pipeline.zmscore(key, only.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> timestamps(Response<?> reply, List<String> only) {
        Map<String, Long> byDevice = new HashMap<>();
        if (reply == null) {
            return byDevice;
        }
        if (only == null) {
            for (Tuple tuple : (List<Tuple>) reply.get()) {
                byDevice.put(tuple.getElement(), (long) tuple.getScore());
            }
        } else {
            List<Double> scores = (List<Double>) reply.get();
            for (int i = 0; i < only.size(); i++) {
                if (scores.get(i) != null) {
                    byDevice.put(only.get(i), scores.get(i).longValue());
                }
            }
        }
        return byDevice;
    }

    private List<JobHistorySnapshot.DurationSeries> durations(Map<String, String> fields) {
        Map<String, Builder> series = new LinkedHashMap<>();
        int width = buckets.bounds().length + 1;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            Optional<JobHistory.DurationField> parsed = JobHistory.parseDurationField(field.getKey());
            long value;
            try {
                value = Long.parseLong(field.getValue());
            } catch (NumberFormatException e) {
                continue;
            }
            if (parsed.isEmpty()) {
                continue;
            }
            JobHistory.DurationField f = parsed.get();
            Builder b = series.computeIfAbsent(f.status() + '|' + f.errorType() + '|' + f.worker(),
                    k -> new Builder(f, width));
            switch (f.part()) {
                case JobHistory.SUM_NANOS -> b.sumNanos = value;
                default -> JobHistory.bucketBound(f.part()).ifPresent(bound -> b.buckets[bucketIndex(bound)] += value);
            }
        }
        List<JobHistorySnapshot.DurationSeries> result = new ArrayList<>(series.size());
        for (Builder b : series.values()) {
            result.add(new JobHistorySnapshot.DurationSeries(b.field.worker(), b.field.status(), b.field.errorType(),
                    b.buckets, b.sumNanos));
        }
        return result;
    }

    /**
     * Where a stored bucket counts: its own bound, or, for a bound no longer configured, the first
     * configured bound above it (its observations are certainly below that).
     */
    private int bucketIndex(String bound) {
        int index = buckets.indexOf(bound);
        if (index >= 0) {
            return index;
        }
        double value = Double.parseDouble(bound);
        double[] bounds = buckets.bounds();
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                return i;
            }
        }
        return bounds.length;
    }

    private static JobHistorySnapshot.Consumption consumption(Map<String, String> counts, Response<StreamInfo> stream,
            Response<List<StreamGroupInfo>> groups) {
        long added;
        long length;
        long pending = 0;
        try {
            Object entriesAdded = stream.get().getStreamInfo().get("entries-added");
            added = entriesAdded instanceof Number n ? n.longValue() : 0;
            length = stream.get().getLength();
            for (StreamGroupInfo group : groups.get()) {
                if (JobHistory.GROUP.equals(group.getName())) {
                    pending = group.getPending();
                }
            }
        } catch (JedisDataException noStreamYet) {
            RedisRefusal.rethrowRefusal(noStreamYet);
            added = 0;
            length = 0;
        }
        long delivered = count(counts, JobHistory.DELIVERED);
        long lostUnread = count(counts, JobHistory.LOST_UNREAD);
        // before any controller read the stream, everything in it is waiting
        long notDelivered = counts.isEmpty() ? length : Math.max(0, added - delivered - lostUnread);
        return new JobHistorySnapshot.Consumption(count(counts, JobHistory.CONSUMED),
                lostUnread + count(counts, JobHistory.LOST_PENDING), count(counts, JobHistory.MALFORMED),
                notDelivered + pending);
    }

    private static Optional<JobCounts> otherDevices(Map<String, String> fields) {
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        List<byte[]> values = new ArrayList<>();
        for (String field : StatsHash.FIELDS) {
            String value = fields.get(field);
            values.add(value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return StatsHash.decode(values, new MalformedRecords());
    }

    private static long count(Map<String, String> counts, String field) {
        try {
            return Long.parseLong(counts.getOrDefault(field, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final class Builder {
        final JobHistory.DurationField field;
        final long[] buckets;
        long sumNanos;

        Builder(JobHistory.DurationField field, int width) {
            this.field = field;
            this.buckets = new long[width];
        }
    }
}
