package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.CapturedLog;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomFleetFixture;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;

/**
 * Issue 21, item 8: with TOM_HISTORY_ENABLED=false and TOM_TRIM_ENABLED=false a controller writes
 * nothing to Redis, so a Redis user that may only read is enough: readiness is UP, the scrape and
 * every endpoint answer, the history's families are absent, and Redis denied nothing.
 */
class ReadOnlyControllerTest extends TomApplicationTestSupport {

    /** The read-only user of docs/operations.md, "A controller that only reads". */
    private static final List<String> READ_ONLY_USER = List.of("tom-reader", "on", ">reader-secret", "resetkeys",
            "resetchannels", "-@all", "+@read", "+ping", "+time", "+client|setname", "+eval_ro", "+info", "%R~tom:*",
            "%R~saq:*", "%R~device_lease:*");

    @Override
    protected String[] redisArguments() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("--user"), READ_ONLY_USER.stream())
                .toArray(String[]::new);
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.redis.url", "redis://tom-reader:reader-secret@127.0.0.1:" + redisServer.port() + "/0",
                "tom.history.enabled", "false", "tom.trim.enabled", "false");
    }

    @Test
    void aReadOnlyRedisUserServesEverythingButTheHistory() throws Exception {
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        fleet.workerStats("w1", Map.of("complete", 4, "failed", 1)).deviceStats("10.0.0.1", Map.of("complete", 4,
                "failed", 1)).globalStats(Map.of("complete", 4, "failed", 1)).heartbeat("w1", now - 1)
                .queued("default", 2).metricsEvent((long) (now * 1000), "w1", "10.0.0.1", "complete", "")
                .failedCommand((long) (now * 1000), "w1", "10.0.0.1", "timeout", "job-1");

        try (CapturedLog log = new CapturedLog()) {
            Await.until(() -> get("/observe/health/ready").statusCode() == 200, Duration.ofSeconds(30));
            Exposition metrics = scrape();
            assertEquals(1.0, metrics.value("tom_redis_up"));
            assertEquals(4.0, metrics.value(Exposition.series("tom_jobs_total", "device", "10.0.0.1", "error_type",
                    "none", "status", "success", "worker", "all")), metrics.text());
            for (String history : List.of("tom_job_duration_seconds_count", "tom_device_last_success_timestamp_seconds",
                    "tom_job_events_consumed_total", "tom_job_events_lag", "tom_redis_data_resets_total")) {
                assertTrue(metrics.samplesStartingWith(history).isEmpty(), history + " is the history's, absent");
            }
            for (String path : List.of("/api/monitoring/workers", "/api/monitoring/stats/summary",
                    "/api/monitoring/failed_commands", "/api/monitoring/device_stats/10.0.0.1",
                    "/api/monitoring/active_jobs")) {
                assertEquals(200, get(path).statusCode(), path);
            }
            Thread.sleep(2000); // two of the history's poll intervals, had it been running
            assertEquals(200, get("/observe/health/ready").statusCode());
            // this controller's lines: another test class's controller may still be stopping in this JVM
            String ours = "127.0.0.1:" + redisServer.port();
            assertEquals(List.of(), log.lines().stream().filter(l -> l.contains("WARN") || l.contains("ERROR"))
                    .filter(l -> l.contains(ours) || l.contains("NOPERM") || l.contains("permission")).toList());
        }
        assertEquals(List.of(), redis.sendCommand(Protocol.Command.ACL, "LOG"),
                "Redis denied the controller nothing");
        assertTrue(redis.keys("tom:monitoring:*").isEmpty(), "no history keys written");
        assertTrue(redis.xinfoGroups("tom:metrics:stream").isEmpty(), "no consumer group created");
    }
}
