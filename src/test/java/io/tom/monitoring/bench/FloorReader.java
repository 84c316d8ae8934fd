package io.tom.monitoring.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.tom.monitoring.domain.DeviceShard;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The floor: the same client reading exactly the data a scrape reads, the same way (TIME, SCAN
 * with COUNT, one pipeline per page with the same commands, the final pipeline), and building
 * nothing from it: every reply is taken from the pipeline and dropped.
 */
final class FloorReader {

    /** The stats fields, encoded once, as the controller sends them. */
    private static final byte[][] FIELDS = Stream.of("complete", "failed", "auth_failed", "timeout_failed",
            "network_failed", "gating_failed", "other_failed")
            .map(field -> field.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    private FloorReader() {
    }

    /** Round trips of one full read. */
    static int readAll(Jedis redis, int scanCount, boolean statsOnly) {
        int trips = 1;
        String now = redis.time().get(0);
        trips += scanAndRead(redis, statsOnly ? "tom:stats:*" : "tom:*", scanCount, (p, key) -> {
            if (key.startsWith("tom:stats:worker:") || key.startsWith("tom:stats:device:")) {
                return p.hmget(key.getBytes(StandardCharsets.UTF_8), FIELDS);
            }
            return key.startsWith("tom:worker:heartbeat:") ? p.get(key) : null;
        });
        if (!statsOnly) {
            trips += scanAndRead(redis, "device_lease:*", scanCount, (p, key) -> p.zcount(key, "(" + now, "+inf"));
        }
        try (Pipeline p = redis.pipelined()) {
            List<Response<?>> replies = new ArrayList<>();
            replies.add(p.hmget("tom:stats:global".getBytes(StandardCharsets.UTF_8), FIELDS));
            replies.add(p.llen("saq:default:queued"));
            replies.add(p.llen("saq:default:active"));
            if (!statsOnly) {
                replies.add(p.xlen("tom:metrics:stream"));
                replies.add(p.xlen("tom:failed_commands"));
            }
            p.sync();
            replies.forEach(Response::get);
        }
        return trips + 1 + readHistoryAndQueues(redis, !statsOnly, Double.parseDouble(now));
    }

    /** The job history's pipeline (with the devices' timestamps for a scrape) and the queue timings' two. */
    private static int readHistoryAndQueues(Jedis redis, boolean timestamps, double now) {
        String history = "tom:monitoring:{tom:metrics:stream}:";
        List<String> heads;
        try (Pipeline p = redis.pipelined()) {
            List<Response<?>> replies = new ArrayList<>();
            replies.add(p.hgetAll(history + "consumer"));
            replies.add(p.xinfoStream("tom:metrics:stream"));
            replies.add(p.xinfoGroups("tom:metrics:stream"));
            replies.add(p.hgetAll(history + "durations"));
            replies.add(p.hgetAll(history + "other_devices"));
            if (timestamps) {
                replies.add(p.zrangeWithScores(history + "last_success", 0, -1));
                replies.add(p.zrangeWithScores(history + "last_failure", 0, -1));
            }
            p.sync();
            replies.forEach(Response::get);
        }
        try (Pipeline p = redis.pipelined()) {
            Response<List<String>> head = p.lrange("saq:default:queued", 0, 4);
            p.zcount("saq:default:incomplete", "(" + now, "+inf");
            p.sync();
            heads = head.get();
        }
        try (Pipeline p = redis.pipelined()) {
            List<Response<String>> jobs = new ArrayList<>();
            heads.forEach(id -> jobs.add(p.get(id)));
            p.sync();
            jobs.forEach(Response::get);
        }
        return 3;
    }

    /**
     * One shard's floor on one primary of a Redis Cluster: the same SCANs, and the reads of that
     * shard's devices' hashes and leases (and, for shard 0, the workers' hashes and heartbeats).
     * The handful of fixed keys and the job history's pipeline are left out. Round trips.
     */
    static int readShard(Jedis primary, int scanCount, DeviceShard shard) {
        String now = primary.time().get(0);
        int trips = 1 + scanAndRead(primary, "tom:*", scanCount, (p, key) -> {
            if (key.startsWith("tom:stats:device:")) {
                return shard.owns(key.substring("tom:stats:device:".length()))
                        ? p.hmget(key.getBytes(StandardCharsets.UTF_8), FIELDS) : null;
            }
            if (!shard.holdsFleet()) {
                return null;
            }
            if (key.startsWith("tom:stats:worker:")) {
                return p.hmget(key.getBytes(StandardCharsets.UTF_8), FIELDS);
            }
            return key.startsWith("tom:worker:heartbeat:") ? p.get(key) : null;
        });
        return trips + scanAndRead(primary, "device_lease:*", scanCount, (p, key) -> {
            String hostAndPort = key.substring("device_lease:".length());
            return shard.owns(hostAndPort.substring(0, hostAndPort.lastIndexOf(':')))
                    ? p.zcount(key, "(" + now, "+inf") : null;
        });
    }

    interface KeyRead {
        Response<?> read(Pipeline pipeline, String key);
    }

    private static int scanAndRead(Jedis redis, String pattern, int scanCount, KeyRead read) {
        int trips = 0;
        ScanParams params = new ScanParams().match(pattern).count(scanCount);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            trips++;
            List<Response<?>> replies = new ArrayList<>();
            try (Pipeline p = redis.pipelined()) {
                for (String key : page.getResult()) {
                    Response<?> reply = read.read(p, key);
                    if (reply != null) {
                        replies.add(reply);
                    }
                }
                if (!replies.isEmpty()) {
                    p.sync();
                    trips++;
                }
            }
            replies.forEach(Response::get);
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return trips;
    }
}
