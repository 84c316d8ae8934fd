package io.tom.monitoring.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.tom.monitoring.domain.DeviceShard;
import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.JobHistory;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.domain.MetricsEvent;
import io.tom.monitoring.domain.StatsHash;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisRefusal;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamInfo;
import redis.clients.jedis.resps.Tuple;

/** Reads the job history the consumers aggregated, in one pipeline (its keys share one slot). */
public final class JobHistoryReader {

    /** {@link #bucketIndex} of the sum's part. */
    private static final int SUM = -2;

    /** Members per ZSCAN page of the devices' timestamps in a sharded scrape. */
    private static final int TIMESTAMP_PAGE = 5000;

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
                Response<Map<String, String>> resets = pipeline.hgetAll(JobHistory.RESETS);
                List<String> only = devices.map(List::copyOf).orElse(null);
                Response<?> success = timestamps(pipeline, JobHistory.LAST_SUCCESS, only);
                Response<?> failure = timestamps(pipeline, JobHistory.LAST_FAILURE, only);
                pipeline.sync();
                Skipped skipped = new Skipped();
                return new JobHistorySnapshot(durations(skipped.valueOf(durations, Map.of()), skipped),
                        timestamps(success, only, skipped), timestamps(failure, only, skipped),
                        consumption(skipped.valueOf(consumer, Map.of()), stream, groups,
                                skipped.valueOf(resets, Map.of()), skipped),
                        otherDevices(skipped.valueOf(other, Map.of()), skipped), skipped.count);
            }
        });
    }

    /**
     * What one shard of a sharded scrape exports: with {@code shard} 0 everything {@link #read}
     * gives, and the timestamps of the shard's devices alone; with another shard those timestamps
     * only (the rest is empty). The timestamps are read with ZSCAN, so each controller holds one
     * page of the fleet's sorted sets at a time, not all of them.
     */
    public JobHistorySnapshot read(DeviceShard shard) {
        if (!shard.sharded()) {
            return read(Optional.empty());
        }
        JobHistorySnapshot fleet = shard.holdsFleet() ? read(Optional.of(Set.of())) : null;
        Skipped skipped = new Skipped();
        Map<String, Long> success = timestampsOf(JobHistory.LAST_SUCCESS, shard, skipped);
        Map<String, Long> failure = timestampsOf(JobHistory.LAST_FAILURE, shard, skipped);
        if (fleet == null) {
            return new JobHistorySnapshot(List.of(), success, failure,
                    new JobHistorySnapshot.Consumption(0, 0, 0, 0, Map.of()), Optional.empty(), skipped.count);
        }
        return new JobHistorySnapshot(fleet.durations(), success, failure, fleet.consumption(), fleet.otherDevices(),
                fleet.malformed() + skipped.count);
    }

    private Map<String, Long> timestampsOf(String key, DeviceShard shard, Skipped skipped) {
        return connections.keyed(redis -> {
            Map<String, Long> byDevice = new HashMap<>();
            ScanParams page = new ScanParams().count(TIMESTAMP_PAGE);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<Tuple> result;
                try {
                    result = redis.zscan(key, cursor, page);
                } catch (JedisDataException wrongType) {
                    RedisRefusal.rethrowRefusal(wrongType);
                    skipped.count++;
                    return byDevice;
                }
                for (Tuple tuple : result.getResult()) {
                    if (shard.owns(tuple.getElement()) && skipped.validMillis(tuple.getScore())) {
                        byDevice.put(tuple.getElement(), (long) tuple.getScore());
                    }
                }
                cursor = result.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            return byDevice;
        });
    }

    /** The duration histogram alone, for answers that need nothing else of the history. */
    public List<JobHistorySnapshot.DurationSeries> durations() {
        Skipped skipped = new Skipped();
        return durations(connections.keyed(redis -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                Response<Map<String, String>> fields = pipeline.hgetAll(JobHistory.DURATIONS);
                pipeline.sync();
                return skipped.valueOf(fields, Map.of());
            }
        }), skipped);
    }

    /** One device's newest successful and failed events, epoch milliseconds. */
    public DeviceHistory device(String device) {
        return connections.keyed(redis -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                Response<Double> success = pipeline.zscore(JobHistory.LAST_SUCCESS, device);
                Response<Double> failure = pipeline.zscore(JobHistory.LAST_FAILURE, device);
                pipeline.sync();
                Skipped skipped = new Skipped();
                return new DeviceHistory(millis(skipped.valueOf(success, null), skipped),
                        millis(skipped.valueOf(failure, null), skipped));
            }
        });
    }

    /** @param lastSuccessMillis empty when the history holds no successful event of the device */
    public record DeviceHistory(Optional<Long> lastSuccessMillis, Optional<Long> lastFailureMillis) {
    }

    private static Optional<Long> millis(Double score, Skipped skipped) {
        return score == null || !skipped.validMillis(score) ? Optional.empty() : Optional.of(score.longValue());
    }

    private static Response<?> timestamps(AbstractPipeline pipeline, String key, List<String> only) {
        if (only == null) {
            return pipeline.zrangeWithScores(key, 0, -1);
        }
        return only.isEmpty() ? null : pipeline.zmscore(key, only.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> timestamps(Response<?> reply, List<String> only, Skipped skipped) {
        Map<String, Long> byDevice = new HashMap<>();
        Object value = reply == null ? null : skipped.valueOf(reply, null);
        if (value == null) {
            return byDevice;
        }
        if (only == null) {
            for (Tuple tuple : (List<Tuple>) value) {
                if (skipped.validMillis(tuple.getScore())) {
                    byDevice.put(tuple.getElement(), (long) tuple.getScore());
                }
            }
        } else {
            List<Double> scores = (List<Double>) value;
            for (int i = 0; i < only.size(); i++) {
                if (scores.get(i) != null && skipped.validMillis(scores.get(i))) {
                    byDevice.put(only.get(i), scores.get(i).longValue());
                }
            }
        }
        return byDevice;
    }

    private List<JobHistorySnapshot.DurationSeries> durations(Map<String, String> fields, Skipped skipped) {
        Map<String, Builder> series = new LinkedHashMap<>();
        int width = buckets.bounds().length + 1;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            Optional<JobHistory.DurationField> parsed = JobHistory.parseDurationField(field.getKey());
            long value = skipped.count(field.getValue());
            int bucket = parsed.isEmpty() ? -1 : bucketIndex(parsed.get().part());
            if (value < 0 || bucket == -1) {
                skipped.count++;
                continue;
            }
            JobHistory.DurationField f = parsed.get();
            Builder b = series.computeIfAbsent(f.status() + '|' + f.errorType() + '|' + f.worker(),
                    k -> new Builder(f, width));
            if (bucket == SUM) {
                b.sumNanos = value;
            } else if (b.buckets[bucket] > Skipped.MAX_COUNT - value) {
                skipped.count++;
            } else {
                b.buckets[bucket] += value;
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
     * Where a stored part counts: {@link #SUM}, or a bucket: its own bound, or, for a bound no longer
     * configured, the first configured bound above it (its observations are certainly below that);
     * -1 for a part that is neither.
     */
    private int bucketIndex(String part) {
        if (JobHistory.SUM_NANOS.equals(part)) {
            return SUM;
        }
        Optional<String> upper = JobHistory.bucketBound(part);
        if (upper.isEmpty()) {
            return -1;
        }
        String bound = upper.get();
        int index = buckets.indexOf(bound);
        if (index >= 0) {
            return index;
        }
        double value;
        try {
            value = Double.parseDouble(bound);
        } catch (NumberFormatException e) {
            return -1;
        }
        if (Double.isNaN(value)) {
            return -1;
        }
        double[] bounds = buckets.bounds();
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                return i;
            }
        }
        return bounds.length;
    }

    private static JobHistorySnapshot.Consumption consumption(Map<String, String> counts, Response<StreamInfo> stream,
            Response<List<StreamGroupInfo>> groups, Map<String, String> resetFields, Skipped skipped) {
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
        // delivered may be below zero after the stream was replaced (lua/job-history-read.lua)
        long delivered = parseOrZero(counts.get(JobHistory.DELIVERED));
        long lostUnread = skipped.field(counts, JobHistory.LOST_UNREAD);
        long lost = skipped.sum(lostUnread, skipped.field(counts, JobHistory.LOST_PENDING),
                skipped.field(counts, JobHistory.LOST_IN_REDIS));
        // before any controller read the stream, everything in it is waiting
        long notDelivered = counts.isEmpty() ? length : Math.max(0, added - delivered - lostUnread);
        Map<String, Long> resets = new TreeMap<>();
        resetFields.forEach((kind, count) -> {
            long value = skipped.count(count);
            if (value < 0) {
                skipped.count++;
            } else {
                resets.put(kind, value);
            }
        });
        return new JobHistorySnapshot.Consumption(skipped.field(counts, JobHistory.CONSUMED), lost,
                skipped.field(counts, JobHistory.MALFORMED), notDelivered + pending, resets);
    }

    private static Optional<JobCounts> otherDevices(Map<String, String> fields, Skipped skipped) {
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        List<byte[]> values = new ArrayList<>();
        for (String field : StatsHash.FIELDS) {
            String value = fields.get(field);
            values.add(value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        MalformedRecords malformed = new MalformedRecords();
        Optional<JobCounts> counts = StatsHash.decode(values, malformed);
        skipped.count += malformed.count(MalformedRecords.Kind.STATS);
        return counts;
    }

    private static long parseOrZero(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Counts the history's records this read skipped: a key of the wrong type, a field that is not
     * a count, a count below zero or above what a sample holds exactly, an unknown bucket.
     */
    private static final class Skipped {

        /** Counts above 2^53 cannot be exported exactly (a sample is a double). */
        static final long MAX_COUNT = 1L << 53;

        long count;

        <T> T valueOf(Response<T> reply, T whenWrongType) {
            try {
                return reply.get();
            } catch (JedisDataException e) {
                RedisRefusal.rethrowRefusal(e);
                count++;
                return whenWrongType;
            }
        }

        /** The count, or -1 when it is not one: not an integer, or outside 0..2^53. */
        long count(String value) {
            if (value == null) {
                return 0;
            }
            try {
                long parsed = Long.parseLong(value);
                return parsed <= MAX_COUNT ? parsed : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** A count field of the consumer hash; a malformed one is counted and read as 0. */
        long field(Map<String, String> fields, String name) {
            long value = count(fields.get(name));
            if (value < 0) {
                count++;
                return 0;
            }
            return value;
        }

        long sum(long... counts) {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            if (total > MAX_COUNT) {
                count++;
                return 0;
            }
            return total;
        }

        boolean validMillis(double score) {
            if (Double.isFinite(score) && score >= 0 && score <= MAX_COUNT) {
                return true;
            }
            count++;
            return false;
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
