package io.tom.monitoring.bench;

import java.util.Map;
import java.util.Random;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

/**
 * A synthetic Tom fleet at benchmark scale, written with pipelines in Tom's layout: stats hashes
 * for every worker and device (a realistic mix of fields), heartbeats, streams at their caps,
 * live and expired leases, SAQ queues, and keys of other programs sharing the Redis.
 */
final class SyntheticFleet {

    private static final String[] TYPES = {"auth", "timeout", "network", "gating", "other"};

    private SyntheticFleet() {
    }

    /** {@code SyntheticFleet <redis port> <workers> <devices>}: writes a fleet, for profiling by hand. */
    public static void main(String[] args) {
        try (Jedis redis = new Jedis("127.0.0.1", Integer.parseInt(args[0]))) {
            write(redis, Integer.parseInt(args[1]), Integer.parseInt(args[2]), 42);
        }
    }

    static void write(Jedis redis, int workers, int devices, long seed) {
        write(redis.pipelined(), Long.parseLong(redis.time().get(0)), workers, devices, seed);
    }

    /** On any Redis the pipeline writes to (a Redis Cluster's included); {@code now}: the Redis clock, seconds. */
    static void write(AbstractPipeline p, double now, int workers, int devices, long seed) {
        Random random = new Random(seed);
        long globalComplete = 0;
        long globalFailed = 0;
        for (int w = 0; w < workers; w++) {
            long complete = 1000 + random.nextInt(100_000);
            long failed = random.nextInt(5_000);
            writeStats(p, "tom:stats:worker:worker-" + Integer.toHexString(0x100000 + w), complete, failed, random);
            p.setex("tom:worker:heartbeat:worker-" + Integer.toHexString(0x100000 + w), 60,
                    "{\"worker_id\": \"worker-" + w + "\", \"hostname\": \"host-" + w + "\", \"timestamp\": "
                            + (now - (w % 10 == 9 ? 90 : random.nextInt(30))) + ".5, \"version\": \"1.4.2\","
                            + " \"status\": \"running\", \"pid\": " + (1000 + w) + "}");
        }
        for (int d = 0; d < devices; d++) {
            String device = device(d);
            long complete = random.nextInt(2_000);
            long failed = random.nextInt(50);
            globalComplete += complete;
            globalFailed += failed;
            writeStats(p, "tom:stats:device:" + device, complete, failed, random);
            if (d % 5 == 0) {
                String lease = "device_lease:" + device + ":" + (d % 10 == 0 ? 830 : 22);
                p.zadd(lease, now + 60 + random.nextInt(120), "job-live-" + d);
                p.zadd(lease, now - 30 - random.nextInt(120), "job-expired-" + d);
                p.expire(lease, 240);
            }
            if (d % 5 == 1) {
                p.hset("saq:job:default:bench-" + d, Map.of("status", "complete", "device", device));
            }
            if (d % 2 == 0) {
                p.setex("cache:facts:" + device, 3600, "{\"vendor\": \"cisco\", \"model\": \"c9300\"}");
            }
            if (d % 1000 == 999) {
                p.sync();
            }
        }
        writeStats(p, "tom:stats:global", globalComplete, globalFailed, random);
        for (int i = 0; i < 500; i++) {
            p.rpush("saq:default:queued", "saq:job:default:queued-" + i);
        }
        for (int i = 0; i < 50; i++) {
            p.rpush("saq:default:active", "saq:job:default:active-" + i);
        }
        p.sync();
        for (int i = 0; i < 10_000; i++) {
            String device = device(random.nextInt(devices));
            boolean failed = i % 20 == 0;
            p.xadd("tom:metrics:stream", XAddParams.xAddParams().maxLen(10_000), Map.of("timestamp",
                    String.valueOf((long) now), "worker", "worker-" + random.nextInt(workers), "device", device,
                    "status", failed ? "failed" : "success", "error_type", failed ? TYPES[i % 5] : "none",
                    "duration", "1.5"));
            if (i % 10 == 0) {
                p.xadd("tom:failed_commands", XAddParams.xAddParams().maxLen(1_000), Map.of("device", device,
                        "command", "show running-config", "error", "Timed out after 30s", "error_type", "timeout",
                        "job_id", "job-" + i, "worker_id", "worker-1", "credential_id", "cred", "attempts", "1",
                        "timestamp", String.valueOf((long) now)));
            }
            if (i % 1000 == 999) {
                p.sync();
            }
        }
        p.sync();
        p.close();
    }

    private static void writeStats(AbstractPipeline p, String key, long complete, long failed, Random random) {
        p.hset(key, "complete", String.valueOf(complete));
        if (failed > 0) {
            p.hset(key, "failed", String.valueOf(failed));
            long left = failed;
            int types = 1 + random.nextInt(3);
            for (int t = 0; t < types && left > 0; t++) {
                long n = t == types - 1 ? left : 1 + random.nextInt((int) left);
                p.hincrBy(key, TYPES[(t + random.nextInt(5)) % 5] + "_failed", n);
                left -= n;
            }
        }
        p.expire(key, 3600);
    }

    static String device(int d) {
        return switch (d % 3) {
            case 0 -> "10." + ((d >> 16) & 255) + "." + ((d >> 8) & 255) + "." + (d & 255);
            case 1 -> "2001:db8::" + Integer.toHexString(d);
            default -> "sw-" + d + ".dc" + (d % 7) + ".example.net";
        };
    }
}
