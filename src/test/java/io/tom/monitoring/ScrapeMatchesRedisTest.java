package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.resps.Tuple;

/**
 * A random fleet (IPv4, IPv6 and host-name devices, fields present or absent, live and expired
 * leases) scraped, and every seed metric compared with a computation made straight from Redis
 * with plain commands: equal to the last digit, no missing and no extra series.
 */
class ScrapeMatchesRedisTest extends TomApplicationTestSupport {

    private static final List<String> FIELDS = List.of("complete", "failed", "auth_failed", "timeout_failed",
            "network_failed", "gating_failed", "other_failed");

    @Test
    void everySeedMetricEqualsWhatRedisHolds() {
        writeRandomFleet(new TomFleetFixture(redis), new Random(20261125));

        Exposition exposition = scrape();
        double now = new TomFleetFixture(redis).redisTime();

        assertEquals(expectedJobs(), exposition.samplesStartingWith("tom_jobs_total"));
        assertEquals(expectedLeases(now), exposition.samplesStartingWith("tom_device_semaphore_leases"));
        assertEquals(expectedHeartbeats(), exposition.samplesStartingWith("tom_worker_last_heartbeat"));
        assertEquals(expectedActiveWorkers(now), exposition.value("tom_workers_active"));
        assertEquals((double) redis.llen("saq:default:queued"),
                exposition.value(Exposition.series("tom_queue_depth", "queue", "default")));
        assertEquals("counter", exposition.type("tom_jobs_total"));
        assertEquals("gauge", exposition.type("tom_workers_active"));
    }

    private void writeRandomFleet(TomFleetFixture fleet, Random random) {
        double now = fleet.redisTime();
        for (int w = 0; w < 12; w++) {
            fleet.workerStats("worker-" + Integer.toHexString(0xabc000 + w), randomFields(random));
            if (w % 3 != 2) {
                fleet.heartbeat("worker-" + Integer.toHexString(0xabc000 + w), now - random.nextInt(200) - random.nextDouble());
            }
        }
        for (int d = 0; d < 150; d++) {
            String device = switch (d % 3) {
                case 0 -> "10.0." + (d / 250) + "." + (d % 250);
                case 1 -> "2001:db8::" + Integer.toHexString(d);
                default -> "edge-" + d + ".dc1.example.net";
            };
            fleet.deviceStats(device, randomFields(random));
            if (random.nextBoolean()) {
                int port = random.nextBoolean() ? 22 : 830;
                for (int l = 0; l < random.nextInt(3) + 1; l++) {
                    fleet.lease(device, port, "job-" + d + "-" + l, now + random.nextInt(400) - 200);
                }
            }
        }
        fleet.globalStats(randomFields(random));
        fleet.queued("default", random.nextInt(20));
    }

    private static Map<String, Integer> randomFields(Random random) {
        Map<String, Integer> fields = new TreeMap<>();
        for (String field : FIELDS) {
            if (random.nextInt(4) != 0) {
                fields.put(field, random.nextInt(100_000));
            }
        }
        return fields;
    }

    private Map<String, Double> expectedJobs() {
        Map<String, Double> expected = new TreeMap<>();
        // fleet-wide and per-worker rows: all seven, 0 for a field the hash lacks
        addRows(expected, "all", "all", withZeros(redis.hgetAll("tom:stats:global")));
        for (String key : redis.keys("tom:stats:worker:*")) {
            addRows(expected, key.substring("tom:stats:worker:".length()), "all", withZeros(redis.hgetAll(key)));
        }
        for (String key : redis.keys("tom:stats:device:*")) {
            addRows(expected, "all", key.substring("tom:stats:device:".length()), redis.hgetAll(key));
        }
        return expected;
    }

    private static Map<String, String> withZeros(Map<String, String> hash) {
        Map<String, String> all = new TreeMap<>();
        for (String field : FIELDS) {
            all.put(field, hash.getOrDefault(field, "0"));
        }
        return all;
    }

    private static void addRows(Map<String, Double> into, String worker, String device, Map<String, String> hash) {
        hash.forEach((field, value) -> {
            String status = field.equals("complete") ? "success" : "failed";
            String errorType = switch (field) {
                case "complete" -> "none";
                case "failed" -> "all";
                default -> field.substring(0, field.indexOf('_'));
            };
            into.put(Exposition.series("tom_jobs_total", "worker", worker, "device", device, "status", status,
                    "error_type", errorType), Double.parseDouble(value));
        });
    }

    private Map<String, Double> expectedLeases(double now) {
        Map<String, Double> expected = new TreeMap<>();
        for (String key : redis.keys("device_lease:*")) {
            String hostAndPort = key.substring("device_lease:".length());
            int colon = hostAndPort.lastIndexOf(':');
            long live = redis.zrangeWithScores(key, 0, -1).stream().map(Tuple::getScore).filter(s -> s > now).count();
            expected.put(Exposition.series("tom_device_semaphore_leases", "device", hostAndPort.substring(0, colon),
                    "port", hostAndPort.substring(colon + 1)), (double) live);
        }
        return expected;
    }

    private Map<String, Double> expectedHeartbeats() {
        Map<String, Double> expected = new TreeMap<>();
        for (String key : redis.keys("tom:worker:heartbeat:*")) {
            expected.put(Exposition.series("tom_worker_last_heartbeat", "worker",
                    key.substring("tom:worker:heartbeat:".length())), timestampOf(redis.get(key)));
        }
        return expected;
    }

    private double expectedActiveWorkers(double now) {
        List<Double> fresh = new ArrayList<>();
        for (String key : redis.keys("tom:worker:heartbeat:*")) {
            double timestamp = timestampOf(redis.get(key));
            if (now - timestamp < 60) {
                fresh.add(timestamp);
            }
        }
        return fresh.size();
    }

    private static double timestampOf(String json) {
        int at = json.indexOf("\"timestamp\": ") + "\"timestamp\": ".length();
        int end = json.indexOf(',', at);
        return Double.parseDouble(json.substring(at, end).trim());
    }

}
