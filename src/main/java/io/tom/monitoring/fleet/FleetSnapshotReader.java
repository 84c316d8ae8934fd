package io.tom.monitoring.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.TomKeys;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads a {@link FleetSnapshot} from Redis: SCAN with COUNT (never KEYS) for the keys, and one
 * pipelined batch of reads per SCAN page, so a fleet of N devices costs about 2N/COUNT round trips
 * rather than N. The whole read uses one pooled connection.
 *
 * <p>Connection failures propagate as {@link redis.clients.jedis.exceptions.JedisException}; a
 * malformed record is skipped and counted in {@link FleetSnapshot#malformed()}.
 */
public final class FleetSnapshotReader {

    private static final String[] STATS_FIELDS = JobCounts.FIELDS.toArray(String[]::new);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisConnections connections;
    private final List<String> queues;
    private final int scanCount;

    public FleetSnapshotReader(RedisConnections connections, List<String> queues, int scanCount) {
        this.connections = connections;
        this.queues = List.copyOf(queues);
        this.scanCount = scanCount;
    }

    public FleetSnapshot read() {
        return connections.withConnection(this::read);
    }

    private FleetSnapshot read(Jedis redis) {
        double now = redisTimeSeconds(redis);
        MalformedRecords malformed = new MalformedRecords();
        Map<String, JobCounts> workers = new TreeMap<>();
        Map<String, JobCounts> devices = new TreeMap<>();
        Map<String, Heartbeat> heartbeats = new TreeMap<>();
        Map<String, DeviceLease> leases = new TreeMap<>();

        scan(redis, TomKeys.TOM_KEYS_PATTERN, keys -> readTomKeys(redis, keys, workers, devices, heartbeats, malformed));
        scan(redis, TomKeys.DEVICE_LEASE_PATTERN, keys -> readLeases(redis, keys, now, leases, malformed));

        Optional<JobCounts> global;
        List<QueueDepth> queueDepths = new ArrayList<>();
        Map<String, Long> streams = new TreeMap<>();
        try (Pipeline pipeline = redis.pipelined()) {
            Response<List<String>> globalReply = pipeline.hmget(TomKeys.GLOBAL_STATS, STATS_FIELDS);
            List<Response<Long>> queued = new ArrayList<>();
            List<Response<Long>> active = new ArrayList<>();
            for (String queue : queues) {
                queued.add(pipeline.llen(TomKeys.queuedJobs(queue)));
                active.add(pipeline.llen(TomKeys.activeJobs(queue)));
            }
            Response<Long> metricsStream = pipeline.xlen(TomKeys.METRICS_STREAM);
            Response<Long> failedCommands = pipeline.xlen(TomKeys.FAILED_COMMANDS_STREAM);
            pipeline.sync();

            global = statsOf(globalReply, malformed);
            for (int i = 0; i < queues.size(); i++) {
                Long waiting = valueOf(queued.get(i), malformed, MalformedRecords.Kind.QUEUE);
                Long running = valueOf(active.get(i), malformed, MalformedRecords.Kind.QUEUE);
                if (waiting != null && running != null) {
                    queueDepths.add(new QueueDepth(queues.get(i), waiting, running));
                }
            }
            putIfPresent(streams, TomKeys.METRICS_STREAM, valueOf(metricsStream, malformed, MalformedRecords.Kind.STREAM));
            putIfPresent(streams, TomKeys.FAILED_COMMANDS_STREAM,
                    valueOf(failedCommands, malformed, MalformedRecords.Kind.STREAM));
        }
        return new FleetSnapshot(now, global, workers, devices, heartbeats, List.copyOf(leases.values()),
                queueDepths, streams, malformed);
    }

    /** The Redis server clock, so lease expiry is judged exactly as Redis and the workers judge it. */
    private static double redisTimeSeconds(Jedis redis) {
        List<String> reply = redis.time();
        return Long.parseLong(reply.get(0)) + Long.parseLong(reply.get(1)) / 1_000_000.0;
    }

    private void scan(Jedis redis, String pattern, Consumer<List<String>> page) {
        ScanParams params = new ScanParams().match(pattern).count(scanCount);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> result = redis.scan(cursor, params);
            if (!result.getResult().isEmpty()) {
                page.accept(result.getResult());
            }
            cursor = result.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    }

    private static void readTomKeys(Jedis redis, List<String> keys, Map<String, JobCounts> workers, Map<String, JobCounts> devices,
            Map<String, Heartbeat> heartbeats, MalformedRecords malformed) {
        List<String> workerIds = new ArrayList<>();
        List<Response<List<String>>> workerReplies = new ArrayList<>();
        List<String> deviceIds = new ArrayList<>();
        List<Response<List<String>>> deviceReplies = new ArrayList<>();
        List<String> heartbeatIds = new ArrayList<>();
        List<Response<String>> heartbeatReplies = new ArrayList<>();

        try (Pipeline pipeline = redis.pipelined()) {
            for (String key : keys) {
                if (key.startsWith(TomKeys.WORKER_STATS_PREFIX)) {
                    String id = key.substring(TomKeys.WORKER_STATS_PREFIX.length());
                    if (isEntityId(id, malformed)) {
                        workerIds.add(id);
                        workerReplies.add(pipeline.hmget(key, STATS_FIELDS));
                    }
                } else if (key.startsWith(TomKeys.DEVICE_STATS_PREFIX)) {
                    String id = key.substring(TomKeys.DEVICE_STATS_PREFIX.length());
                    if (isEntityId(id, malformed)) {
                        deviceIds.add(id);
                        deviceReplies.add(pipeline.hmget(key, STATS_FIELDS));
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
        }
        collectStats(workerIds, workerReplies, workers, malformed);
        collectStats(deviceIds, deviceReplies, devices, malformed);
        for (int i = 0; i < heartbeatIds.size(); i++) {
            String raw = valueOf(heartbeatReplies.get(i), malformed, MalformedRecords.Kind.HEARTBEAT);
            if (raw != null) {
                Heartbeat heartbeat = parseHeartbeat(heartbeatIds.get(i), raw);
                if (heartbeat == null) {
                    malformed.record(MalformedRecords.Kind.HEARTBEAT);
                } else {
                    heartbeats.put(heartbeat.workerId(), heartbeat);
                }
            }
        }
    }

    private static void readLeases(Jedis redis, List<String> keys, double now, Map<String, DeviceLease> leases,
            MalformedRecords malformed) {
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
        }
        for (int i = 0; i < parsed.size(); i++) {
            Long active = valueOf(replies.get(i), malformed, MalformedRecords.Kind.LEASE);
            if (active != null) {
                TomKeys.LeaseKey key = parsed.get(i);
                leases.put(key.host() + ":" + key.port(), new DeviceLease(key.host(), key.port(), active));
            }
        }
    }

    private static void collectStats(List<String> ids, List<Response<List<String>>> replies,
            Map<String, JobCounts> into, MalformedRecords malformed) {
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            statsOf(replies.get(i), malformed).ifPresent(counts -> into.put(id, counts));
        }
    }

    /** Empty when the hash is gone (expired since SCAN), of the wrong type, or holds no known field. */
    private static Optional<JobCounts> statsOf(Response<List<String>> reply, MalformedRecords malformed) {
        List<String> values = valueOf(reply, malformed, MalformedRecords.Kind.STATS);
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

    private static void putIfPresent(Map<String, Long> into, String key, Long value) {
        if (value != null) {
            into.put(key, value);
        }
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
}
