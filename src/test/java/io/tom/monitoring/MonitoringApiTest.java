package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Every endpoint of /api/monitoring against a real Redis, each value computed independently from
 * what Redis holds with plain commands.
 */
class MonitoringApiTest extends TomApplicationTestSupport {

    /**
     * The fixture writes 1001 failures, one over the bundled 1000-entry cap: a trimming run between
     * the write and a read (its first comes a few seconds after startup, whenever a slow machine
     * gets there) would take the oldest, which the filter test looks for.
     */
    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.trim.enabled", "false");
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String[] DEVICES = {"10.0.0.1", "10.0.0.2", "2001:db8::1", "core-sw-01.example.net",
            "edge 7/lab"};
    private static final String[] ERROR_TYPES = {"auth", "timeout", "network", "gating", "other"};

    private TomFleetFixture fleet;
    private long newestFailureMillis;

    @BeforeEach
    void writeFleet() {
        redis.flushAll();
        fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        fleet.globalStats(Map.of("complete", 1234, "failed", 56, "auth_failed", 6, "timeout_failed", 50))
                .workerStats("worker-b", Map.of("complete", 700, "failed", 30))
                .workerStats("worker-a", Map.of("complete", 534, "failed", 26, "auth_failed", 6))
                .workerStats("worker-c", Map.of("failed", 1))
                .heartbeat("worker-a", now - 5.5)
                .heartbeat("worker-b", now - 100.25)
                .heartbeat("worker-c", now - 400);
        redis.set("tom:worker:heartbeat:worker-broken", "{not json");
        for (int d = 0; d < 25; d++) {
            fleet.deviceStats("10.1.0." + d, Map.of("complete", 100 + d * 7 % 13, "failed", d % 4));
        }
        fleet.deviceStats("2001:db8::1", Map.of("complete", 500, "failed", 9, "timeout_failed", 7, "auth_failed", 2))
                .deviceStats("edge 7/lab", Map.of("complete", 3, "failed", 2, "network_failed", 2));

        // 1000 failures, one per second: 2001:db8::1 fails only in the oldest 30, so a reader that
        // looks at the newest few hundred entries alone would never find them
        long start = (long) (now * 1000) - 2_000_000;
        for (int i = 0; i < 1000; i++) {
            String device = i < 30 ? (i % 2 == 0 ? "2001:db8::1" : "edge 7/lab") : DEVICES[i % 2];
            fleet.failedCommandAt(start + i * 1000L, "worker-" + "abc".charAt(i % 3), device,
                    ERROR_TYPES[i % ERROR_TYPES.length], "job-" + i, "show run | include " + i, "failure #" + i);
        }
        newestFailureMillis = start + 999_000L;
        redis.xadd("tom:failed_commands", new StreamEntryID(newestFailureMillis + 1, 0), Map.of("device", "10.0.0.1"));
    }

    @Test
    void workersListsEveryValidHeartbeatWithItsHealth() {
        JsonNode body = json(get("/api/monitoring/workers"));
        double now = fleet.redisTime();
        assertEquals(Set.of("workers", "total", "skipped_records"), fieldNames(body));
        assertEquals("{\"heartbeat\":1}", body.get("skipped_records").toString(),
                "worker-broken's heartbeat is not JSON");
        assertEquals(3, body.get("total").asInt());
        assertEquals(List.of("worker-a", "worker-b", "worker-c"), texts(body.get("workers"), "id"));

        Map<String, String> expectedStatus = Map.of("worker-a", "healthy", "worker-b", "stale", "worker-c", "unhealthy");
        for (JsonNode worker : body.get("workers")) {
            String id = worker.get("id").asText();
            double timestamp = Json.parse(redis.get("tom:worker:heartbeat:" + id)).get("timestamp").asDouble();
            assertEquals(Set.of("id", "status", "last_heartbeat", "seconds_since_heartbeat", "hostname", "version",
                    "pid"), fieldNames(worker));
            assertEquals(expectedStatus.get(id), worker.get("status").asText());
            assertEquals(ISO.format(Instant.ofEpochMilli(Math.round(timestamp * 1000))),
                    worker.get("last_heartbeat").asText());
            assertTrue(worker.get("seconds_since_heartbeat").isIntegralNumber(),
                    "whole seconds, as upstream sends them (shell checks like [ \"$s\" -gt 60 ] rely on it)");
            double age = worker.get("seconds_since_heartbeat").asDouble();
            assertTrue(age <= now - timestamp && age > now - timestamp - 2, id + " age " + age);
            assertEquals("host-" + id, worker.get("hostname").asText());
            assertEquals("1.4.2", worker.get("version").asText());
            assertEquals(4242, worker.get("pid").asLong());
        }
    }

    @Test
    void statsSummaryEqualsTheHashesInRedis() {
        JsonNode body = json(get("/api/monitoring/stats/summary"));
        assertEquals(Set.of("global", "workers", "top_devices", "durations", "queues", "skipped_records"),
                fieldNames(body));
        assertEquals(0, body.get("skipped_records").size(), "nothing malformed here");

        Map<String, String> global = redis.hgetAll("tom:stats:global");
        long complete = Long.parseLong(global.get("complete"));
        long failed = Long.parseLong(global.get("failed"));
        JsonNode g = body.get("global");
        assertEquals(complete + failed, g.get("total_jobs").asLong());
        assertEquals(complete, g.get("successful").asLong());
        assertEquals(failed, g.get("failed").asLong());
        assertEquals(Math.round(complete * 10000.0 / (complete + failed)) / 100.0, g.get("success_rate").asDouble());

        List<String> expectedWorkers = new ArrayList<>();
        for (String key : new TreeSet<>(redis.keys("tom:stats:worker:*"))) {
            Map<String, String> h = redis.hgetAll(key);
            long c = Long.parseLong(h.getOrDefault("complete", "0"));
            long f = Long.parseLong(h.getOrDefault("failed", "0"));
            expectedWorkers.add(key.substring("tom:stats:worker:".length()) + " " + c + " " + f + " " + (c + f));
        }
        List<String> actualWorkers = new ArrayList<>();
        body.get("workers").forEach(w -> actualWorkers.add(w.get("id").asText() + " " + w.get("complete").asLong()
                + " " + w.get("failed").asLong() + " " + w.get("total").asLong()));
        assertEquals(expectedWorkers, actualWorkers);

        List<long[]> totals = new ArrayList<>();
        Map<long[], String> names = new java.util.IdentityHashMap<>();
        for (String key : redis.keys("tom:stats:device:*")) {
            Map<String, String> h = redis.hgetAll(key);
            long[] t = {Long.parseLong(h.getOrDefault("complete", "0")), Long.parseLong(h.getOrDefault("failed", "0"))};
            totals.add(t);
            names.put(t, key.substring("tom:stats:device:".length()));
        }
        totals.sort(Comparator.<long[]>comparingLong(t -> -(t[0] + t[1])).thenComparing(names::get));
        List<String> expectedTop = totals.stream().limit(10)
                .map(t -> names.get(t) + " " + t[0] + " " + t[1] + " " + (t[0] + t[1])).toList();
        List<String> actualTop = new ArrayList<>();
        body.get("top_devices").forEach(d -> actualTop.add(d.get("device").asText() + " "
                + d.get("complete").asLong() + " " + d.get("failed").asLong() + " " + d.get("total").asLong()));
        assertEquals(expectedTop, actualTop);
        assertEquals("2001:db8::1", actualTop.get(0).split(" ")[0]);
    }

    @Test
    void failedCommandsDefaultsToTheNewestHundred() {
        JsonNode body = json(get("/api/monitoring/failed_commands"));
        assertEquals(Set.of("failures", "total"), fieldNames(body));
        assertEquals(expectedFailures(e -> true, 100), body.get("failures"));
        assertEquals(100, body.get("total").asInt());
        assertEquals(Set.of("timestamp", "device", "command", "error_type", "error", "job_id", "worker",
                "credential_id", "attempts"), fieldNames(body.get("failures").get(0)));
    }

    @Test
    void failedCommandsFiltersWhileReadingTheWholeStream() {
        JsonNode ipv6 = json(get("/api/monitoring/failed_commands?device=2001:db8::1&limit=1000"));
        assertEquals(15, ipv6.get("total").asInt(), "all 15 failures of the device, though they are the oldest");
        assertEquals(expectedFailures(e -> "2001:db8::1".equals(e.getFields().get("device")), 1000), ipv6.get("failures"));

        JsonNode encoded = json(get("/api/monitoring/failed_commands?device=edge%207%2Flab&error_type=timeout"));
        assertEquals(expectedFailures(e -> "edge 7/lab".equals(e.getFields().get("device"))
                && "timeout".equals(e.getFields().get("error_type")), 100), encoded.get("failures"));
        assertEquals(3, encoded.get("total").asInt());

        JsonNode auth = json(get("/api/monitoring/failed_commands?error_type=auth&limit=7"));
        assertEquals(expectedFailures(e -> "auth".equals(e.getFields().get("error_type")), 7), auth.get("failures"));
    }

    @Test
    void failedCommandsSinceIsALowerBound() {
        long sinceMillis = newestFailureMillis - 41_000;
        JsonNode body = json(get("/api/monitoring/failed_commands?since=" + sinceMillis / 1000 + "&limit=1000"));
        List<StreamEntry> expected = redis.xrevrange("tom:failed_commands", "+", sinceMillis / 1000 * 1000 + "-0");
        assertEquals(expectedFailures(e -> e.getID().getTime() >= sinceMillis / 1000 * 1000, 1000), body.get("failures"));
        assertEquals(expected.size() - 1, body.get("total").asInt(), "every entry at or after since, less the malformed one");
        for (JsonNode failure : body.get("failures")) {
            assertTrue(Instant.parse(failure.get("timestamp").asText()).toEpochMilli() >= sinceMillis / 1000 * 1000);
        }
        JsonNode none = json(get("/api/monitoring/failed_commands?since=" + (newestFailureMillis / 1000 + 10)));
        assertEquals(0, none.get("total").asInt());
    }

    @Test
    void badFailedCommandsParametersGetA400() {
        for (String query : List.of("limit=0", "limit=1001", "limit=abc", "limit=-1", "since=abc", "since=-5",
                "since=1e400", "error_type=bogus", "error_type=none", "error_type=AUTH")) {
            HttpResponse<String> response = get("/api/monitoring/failed_commands?" + query);
            assertEquals(400, response.statusCode(), query);
            JsonNode body = json(response);
            assertEquals("bad_request", body.get("error").asText(), query);
            assertTrue(body.get("detail").asText().contains(query.substring(0, query.indexOf('='))), query);
        }
        assertEquals(200, get("/api/monitoring/failed_commands?device=&limit=").statusCode(), "empty means not given");
    }

    /** Issue 21, item 10: ?device=a&device=b answered 200 with nothing, read as neither device. */
    @Test
    void aParameterGivenTwiceIsA400() {
        for (String query : List.of("device=10.0.0.1&device=10.0.0.2", "limit=5&limit=6", "error_type=auth&error_type=auth")) {
            HttpResponse<String> response = get("/api/monitoring/failed_commands?" + query);
            assertEquals(400, response.statusCode(), query);
            assertTrue(json(response).get("detail").asText().endsWith("is given 2 times; give it once"), response.body());
        }
        assertEquals(400, get("/api/monitoring/active_jobs?queue=default&queue=default").statusCode());
    }

    @Test
    void deviceStatsReturnsTheDevicesOwnRecentFailures() {
        for (String path : List.of("2001:db8::1", "2001%3Adb8%3A%3A1")) {
            JsonNode body = json(get("/api/monitoring/device_stats/" + path));
            assertEquals(Set.of("device", "stats", "recent_failures", "last_success", "last_failure"), fieldNames(body));
            assertEquals("2001:db8::1", body.get("device").asText());
            JsonNode stats = body.get("stats");
            assertEquals(500, stats.get("total_success").asLong());
            assertEquals(9, stats.get("total_failed").asLong());
            assertEquals(509, stats.get("total").asLong());
            assertEquals(1.77, stats.get("failure_rate").asDouble());
            assertEquals(Json.parse("{\"auth\":2,\"timeout\":7}"), stats.get("error_breakdown"));

            JsonNode recent = body.get("recent_failures");
            assertEquals(10, recent.size());
            List<StreamEntry> own = redis.xrevrange("tom:failed_commands", "+", "-").stream()
                    .filter(e -> "2001:db8::1".equals(e.getFields().get("device"))).limit(10).toList();
            for (int i = 0; i < 10; i++) {
                assertEquals(ISO.format(Instant.ofEpochMilli(own.get(i).getID().getTime())), recent.get(i).get("timestamp").asText());
                assertEquals(own.get(i).getFields().get("command"), recent.get(i).get("command").asText());
                assertEquals(own.get(i).getFields().get("error_type"), recent.get(i).get("error_type").asText());
                assertEquals(own.get(i).getFields().get("error"), recent.get(i).get("error").asText());
                assertEquals(Set.of("timestamp", "command", "error_type", "error"), fieldNames(recent.get(i)));
            }
        }
    }

    /** Issue 21, item 10: 2001:DB8::1 was a 404 although the worker's 2001:db8::1 is in Redis. */
    @Test
    void deviceStatsFindsAnIpv6DeviceHoweverItsAddressIsWritten() {
        for (String typed : List.of("2001:DB8::1", "2001:0db8:0:0:0:0:0:0001", "2001%3ADB8%3A%3A1")) {
            HttpResponse<String> response = get("/api/monitoring/device_stats/" + typed);
            assertEquals(200, response.statusCode(), typed);
            assertEquals("2001:db8::1", json(response).get("device").asText(), "the device as Redis holds it");
            assertEquals(509, json(response).get("stats").get("total").asLong());
        }
        HttpResponse<String> unknown = get("/api/monitoring/device_stats/2001:DB8::99");
        assertEquals(404, unknown.statusCode());
        assertTrue(json(unknown).get("detail").asText().contains("(nor for '2001:db8::99')"), unknown.body());
    }

    @Test
    void deviceStatsDecodesUrlEncodedDeviceNames() {
        JsonNode body = json(get("/api/monitoring/device_stats/edge%207%2Flab"));
        assertEquals("edge 7/lab", body.get("device").asText());
        assertEquals(40.0, body.get("stats").get("failure_rate").asDouble());
        assertEquals(Json.parse("{\"network\":2}"), body.get("stats").get("error_breakdown"));
        assertEquals(10, body.get("recent_failures").size());
    }

    @Test
    void deviceStatsOfADeviceKnownOnlyFromFailuresHasZeroCounters() {
        JsonNode body = json(get("/api/monitoring/device_stats/10.0.0.2"));
        assertEquals(0, body.get("stats").get("total").asLong());
        assertEquals(0.0, body.get("stats").get("failure_rate").asDouble());
        assertEquals(10, body.get("recent_failures").size());
    }

    @Test
    void deviceStatsOfAnUnknownDeviceIsA404() {
        HttpResponse<String> response = get("/api/monitoring/device_stats/192.0.2.99");
        assertEquals(404, response.statusCode());
        assertEquals("not_found", json(response).get("error").asText());
        assertTrue(json(response).get("detail").asText().contains("192.0.2.99"));
    }

    /** The API's view of the newest matching well-formed stream entries, computed from XREVRANGE. */
    private JsonNode expectedFailures(Predicate<StreamEntry> filter, int limit) {
        List<Map<String, Object>> expected = new ArrayList<>();
        for (StreamEntry entry : redis.xrevrange("tom:failed_commands", "+", "-")) {
            Map<String, String> f = entry.getFields();
            if (f.get("command") == null || !filter.test(entry) || expected.size() == limit) {
                continue;
            }
            Map<String, Object> view = new TreeMap<>();
            view.put("timestamp", ISO.format(Instant.ofEpochMilli(entry.getID().getTime())));
            view.put("device", f.get("device"));
            view.put("command", f.get("command"));
            view.put("error_type", f.get("error_type"));
            view.put("error", f.get("error"));
            view.put("job_id", f.get("job_id"));
            view.put("worker", f.get("worker_id"));
            view.put("credential_id", f.get("credential_id"));
            view.put("attempts", Integer.parseInt(f.get("attempts")));
            expected.add(view);
        }
        return Json.parse(Json.write(expected));
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "Content-Type of " + response.uri());
        return Json.parse(response.body());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.get(field).asText()));
        return values;
    }
}
