package io.tom.monitoring.fleet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.TomKeys;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads a {@link FleetSnapshot} from Redis: SCAN with COUNT (never KEYS) for the keys, and one
 * pipelined batch of reads per SCAN page, so a fleet of N devices costs about 2N/COUNT round trips
 * rather than N. Each primary is read on one connection (every master of a Redis Cluster in turn);
 * the keys of fixed names (global stats, queues, streams) come in one pipeline through the client.
 *
 * <p>The reading thread only sends requests and waits for replies; each page's replies are decoded
 * on a helper thread ({@link PageDecoder}) while the next page is read.
 *
 * <p>Connection failures propagate as {@link redis.clients.jedis.exceptions.JedisException}; a
 * malformed record is skipped and counted in {@link FleetSnapshot#malformed()}.
 */
public final class FleetSnapshotReader {

    private static final byte[][] STATS_FIELDS = JobCounts.FIELD_BYTES;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisConnections connections;
    private final List<String> queues;
    private final int scanCount;
    private final ExecutorService decoders = Executors.newCachedThreadPool(new DecoderThreads());

    public FleetSnapshotReader(RedisConnections connections, List<String> queues, int scanCount) {
        this.connections = connections;
        this.queues = List.copyOf(queues);
        this.scanCount = scanCount;
    }

    /**
     * Told each device's counters as they are decoded, before the read ends, on the decoding
     * thread, one device at a time; a device may be told twice (SCAN can repeat a key).
     */
    public interface DeviceCountsListener {
        DeviceCountsListener NONE = (device, counts) -> { };

        void deviceCounts(String device, JobCounts counts);
    }

    /** What a reader is asked for; an endpoint that needs less reads less. */
    public enum Part {
        /** {@code tom:stats:global}, {@code tom:stats:worker:*}, {@code tom:stats:device:*} */
        STATS,
        HEARTBEATS,
        LEASES,
        QUEUES,
        STREAMS
    }

    /** The whole fleet, as a scrape needs it. */
    public FleetSnapshot read() {
        return read(EnumSet.allOf(Part.class));
    }

    /** Only the given parts; the others are empty in the snapshot. */
    public FleetSnapshot read(Set<Part> parts) {
        return read(parts, DeviceCountsListener.NONE);
    }

    /** Only the given parts, telling {@code listener} each device's counters as soon as they are decoded. */
    public FleetSnapshot read(Set<Part> parts, DeviceCountsListener listener) {
        RoundTrips trips = new RoundTrips();
        PageDecoder decoder = new PageDecoder(decoders);
        MalformedRecords malformed = new MalformedRecords();
        // unordered: the Prometheus client sorts the series itself, and sorting 50,000 devices twice costs
        Map<String, JobCounts> workers = new HashMap<>();
        Map<String, JobCounts> devices = new HashMap<>();
        Map<String, Heartbeat> heartbeats = new TreeMap<>();
        Map<String, DeviceLease> leases = new HashMap<>();

        // each primary holds its own share of the keys (all of them on a single Redis)
        List<Double> clocks = connections.onEachPrimary(redis -> {
            double nodeNow = redisTimeSeconds(redis);
            trips.add();
            String tomPattern = tomKeysPattern(parts);
            if (tomPattern != null) {
                TomKeyReplies into = new TomKeyReplies(workers, devices, heartbeats, malformed, listener);
                scan(redis, tomPattern, trips, keys -> readTomKeys(redis, keys, into, decoder, trips));
            }
            if (parts.contains(Part.LEASES)) {
                scan(redis, TomKeys.DEVICE_LEASE_PATTERN, trips, keys -> readLeases(redis, keys, nodeNow, leases,
                        malformed, decoder, trips));
            }
            return nodeNow;
        });
        decoder.finish();
        double now = clocks.get(0);

        Optional<JobCounts> global = Optional.empty();
        List<QueueDepth> queueDepths = new ArrayList<>();
        Map<String, Long> streams = new TreeMap<>();
        List<String> queuesRead = parts.contains(Part.QUEUES) ? queues : List.of();
        List<String> streamsRead = parts.contains(Part.STREAMS)
                ? List.of(TomKeys.FAILED_COMMANDS_STREAM, TomKeys.METRICS_STREAM) : List.of();
        KeyedReplies replies = connections.keyed(client -> {
            try (AbstractPipeline pipeline = client.pipelined()) {
                KeyedReplies pending = new KeyedReplies(parts.contains(Part.STATS)
                        ? pipeline.hmget(bytes(TomKeys.GLOBAL_STATS), STATS_FIELDS) : null);
                for (String queue : queuesRead) {
                    pending.queued.add(pipeline.llen(TomKeys.queuedJobs(queue)));
                    pending.active.add(pipeline.llen(TomKeys.activeJobs(queue)));
                }
                for (String stream : streamsRead) {
                    pending.streamLengths.add(pipeline.xlen(stream));
                }
                pipeline.sync();
                return pending;
            }
        });
        trips.add();

        if (replies.global != null) {
            global = statsOf(replies.global, malformed);
        }
        for (int i = 0; i < queuesRead.size(); i++) {
            Long waiting = valueOf(replies.queued.get(i), malformed, MalformedRecords.Kind.QUEUE);
            Long running = valueOf(replies.active.get(i), malformed, MalformedRecords.Kind.QUEUE);
            if (waiting != null && running != null) {
                queueDepths.add(new QueueDepth(queuesRead.get(i), waiting, running));
            }
        }
        for (int i = 0; i < streamsRead.size(); i++) {
            Long length = valueOf(replies.streamLengths.get(i), malformed, MalformedRecords.Kind.STREAM);
            if (length != null) {
                streams.put(streamsRead.get(i), length);
            }
        }
        return new FleetSnapshot(now, global, workers, devices, heartbeats, List.copyOf(leases.values()),
                queueDepths, streams, malformed, trips.count);
    }

    /** The replies of the final pipeline: keys of fixed names, wherever they live. */
    private static final class KeyedReplies {
        final Response<List<byte[]>> global;
        final List<Response<Long>> queued = new ArrayList<>();
        final List<Response<Long>> active = new ArrayList<>();
        final List<Response<Long>> streamLengths = new ArrayList<>();

        KeyedReplies(Response<List<byte[]>> global) {
            this.global = global;
        }
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The Redis server clock, so lease expiry is judged exactly as Redis and the workers judge it. */
    private static double redisTimeSeconds(Jedis redis) {
        List<String> reply = redis.time();
        return Long.parseLong(reply.get(0)) + Long.parseLong(reply.get(1)) / 1_000_000.0;
    }

    private void scan(Jedis redis, String pattern, RoundTrips trips, Consumer<List<String>> page) {
        ScanParams params = new ScanParams().match(pattern).count(scanCount);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> result = redis.scan(cursor, params);
            trips.add();
            if (!result.getResult().isEmpty()) {
                page.accept(result.getResult());
            }
            cursor = result.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    }

    /** Where one read's stats hashes and heartbeats go once decoded. */
    private record TomKeyReplies(Map<String, JobCounts> workers, Map<String, JobCounts> devices,
            Map<String, Heartbeat> heartbeats, MalformedRecords malformed, DeviceCountsListener listener) {
    }

    private static void readTomKeys(Jedis redis, List<String> keys, TomKeyReplies into, PageDecoder decoder,
            RoundTrips trips) {
        MalformedRecords malformed = into.malformed();
        List<String> workerIds = new ArrayList<>();
        List<Response<List<byte[]>>> workerReplies = new ArrayList<>();
        List<String> deviceIds = new ArrayList<>();
        List<Response<List<byte[]>>> deviceReplies = new ArrayList<>();
        List<String> heartbeatIds = new ArrayList<>();
        List<Response<String>> heartbeatReplies = new ArrayList<>();

        try (Pipeline pipeline = redis.pipelined()) {
            for (String key : keys) {
                if (key.startsWith(TomKeys.WORKER_STATS_PREFIX)) {
                    String id = key.substring(TomKeys.WORKER_STATS_PREFIX.length());
                    if (isEntityId(id, malformed)) {
                        workerIds.add(id);
                        workerReplies.add(pipeline.hmget(bytes(key), STATS_FIELDS));
                    }
                } else if (key.startsWith(TomKeys.DEVICE_STATS_PREFIX)) {
                    String id = key.substring(TomKeys.DEVICE_STATS_PREFIX.length());
                    if (isEntityId(id, malformed)) {
                        deviceIds.add(id);
                        deviceReplies.add(pipeline.hmget(bytes(key), STATS_FIELDS));
                    }
                } else if (key.startsWith(TomKeys.HEARTBEAT_PREFIX)) {
                    String id = key.substring(TomKeys.HEARTBEAT_PREFIX.length());
                    if (id.isEmpty()) {
                        malformed.record(MalformedRecords.Kind.HEARTBEAT);
                    } else {
                        heartbeatIds.add(id);
                        heartbeatReplies.add(pipeline.get(key));
                    }
                }
            }
            if (workerIds.isEmpty() && deviceIds.isEmpty() && heartbeatIds.isEmpty()) {
                return;
            }
            pipeline.sync();
            trips.add();
        }
        decoder.submit(() -> {
            collectStats(workerIds, workerReplies, into.workers(), malformed, DeviceCountsListener.NONE);
            collectStats(deviceIds, deviceReplies, into.devices(), malformed, into.listener());
            collectHeartbeats(heartbeatIds, heartbeatReplies, into.heartbeats(), malformed);
        });
    }

    private static void collectHeartbeats(List<String> ids, List<Response<String>> replies,
            Map<String, Heartbeat> into, MalformedRecords malformed) {
        for (int i = 0; i < ids.size(); i++) {
            String raw = valueOf(replies.get(i), malformed, MalformedRecords.Kind.HEARTBEAT);
            if (raw != null) {
                Heartbeat heartbeat = parseHeartbeat(ids.get(i), raw);
                if (heartbeat == null) {
                    malformed.record(MalformedRecords.Kind.HEARTBEAT);
                } else {
                    into.put(heartbeat.workerId(), heartbeat);
                }
            }
        }
    }

    private static void readLeases(Jedis redis, List<String> keys, double now, Map<String, DeviceLease> leases,
            MalformedRecords malformed, PageDecoder decoder, RoundTrips trips) {
        List<TomKeys.LeaseKey> parsed = new ArrayList<>();
        List<Response<Long>> replies = new ArrayList<>();
        String unexpired = "(" + now;
        try (Pipeline pipeline = redis.pipelined()) {
            for (String key : keys) {
                Optional<TomKeys.LeaseKey> lease = TomKeys.parseLease(key);
                if (lease.isEmpty()) {
                    malformed.record(MalformedRecords.Kind.LEASE);
                    continue;
                }
                parsed.add(lease.get());
                replies.add(pipeline.zcount(key, unexpired, "+inf"));
            }
            if (parsed.isEmpty()) {
                return;
            }
            pipeline.sync();
            trips.add();
        }
        decoder.submit(() -> {
            for (int i = 0; i < parsed.size(); i++) {
                Long active = valueOf(replies.get(i), malformed, MalformedRecords.Kind.LEASE);
                if (active != null) {
                    TomKeys.LeaseKey key = parsed.get(i);
                    leases.put(key.host() + ":" + key.port(), new DeviceLease(key.host(), key.port(), active));
                }
            }
        });
    }

    private static void collectStats(List<String> ids, List<Response<List<byte[]>>> replies,
            Map<String, JobCounts> into, MalformedRecords malformed, DeviceCountsListener listener) {
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Optional<JobCounts> counts = statsOf(replies.get(i), malformed);
            if (counts.isPresent()) {
                into.put(id, counts.get());
                listener.deviceCounts(id, counts.get());
            }
        }
    }

    /** Empty when the hash is gone (expired since SCAN), of the wrong type, or holds no known field. */
    private static Optional<JobCounts> statsOf(Response<List<byte[]>> reply, MalformedRecords malformed) {
        List<byte[]> values = valueOf(reply, malformed, MalformedRecords.Kind.STATS);
        if (values == null) {
            return Optional.empty();
        }
        JobCounts counts = JobCounts.parse(values, malformed);
        return counts.isEmpty() ? Optional.empty() : Optional.of(counts);
    }

    /**
     * A worker or device id that can become a label value: not empty, and not {@code all}, which
     * would collide with the aggregate rows and fail the whole scrape.
     */
    private static boolean isEntityId(String id, MalformedRecords malformed) {
        if (id.isEmpty() || "all".equals(id)) {
            malformed.record(MalformedRecords.Kind.STATS);
            return false;
        }
        return true;
    }

    /** The reply, or null (counted as malformed) when Redis answered an error such as WRONGTYPE. */
    private static <T> T valueOf(Response<T> reply, MalformedRecords malformed, MalformedRecords.Kind kind) {
        try {
            return reply.get();
        } catch (JedisDataException e) {
            malformed.record(kind);
            return null;
        }
    }

    /** One device's stats hash; empty when Redis holds none (or not a hash) under its key. */
    public Optional<JobCounts> readDeviceStats(String device) {
        return connections.keyed(redis -> {
            List<byte[]> values;
            try {
                values = redis.hmget(bytes(TomKeys.deviceStats(device)), STATS_FIELDS);
            } catch (JedisDataException e) {
                return Optional.empty();
            }
            JobCounts counts = JobCounts.parse(values, new MalformedRecords());
            return counts.isEmpty() ? Optional.<JobCounts>empty() : Optional.of(counts);
        });
    }

    /** The narrowest SCAN pattern covering the requested stats hashes and heartbeats. */
    private static String tomKeysPattern(Set<Part> parts) {
        boolean stats = parts.contains(Part.STATS);
        boolean heartbeats = parts.contains(Part.HEARTBEATS);
        if (stats && heartbeats) {
            return TomKeys.TOM_KEYS_PATTERN;
        }
        if (stats) {
            return TomKeys.STATS_PATTERN;
        }
        return heartbeats ? TomKeys.HEARTBEAT_PATTERN : null;
    }

    /** The heartbeat, or null when the value is not a JSON object with a finite numeric timestamp. */
    static Heartbeat parseHeartbeat(String workerId, String raw) {
        JsonNode json;
        try {
            json = JSON.readTree(raw);
        } catch (Exception e) {
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

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    /** Daemon threads, so a reader never keeps the JVM alive. */
    private static final class DecoderThreads implements ThreadFactory {
        private final AtomicInteger created = new AtomicInteger();

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work, "tom-redis-decoder-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    /** Counts the requests one read sends to Redis. */
    private static final class RoundTrips {
        private int count;

        void add() {
            count++;
        }
    }
}
