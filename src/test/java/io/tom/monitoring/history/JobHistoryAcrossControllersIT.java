package io.tom.monitoring.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.ControllerHttp;
import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.JobEvents;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.params.XTrimParams;

/**
 * Two controllers consume one Redis: every event counted once while one of them is killed with
 * SIGKILL mid-stream and restarted, both serving the same exact totals; events trimmed before any
 * consumer read them are counted as lost, exactly.
 */
class JobHistoryAcrossControllersIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @TempDir
    Path workingDir;

    @BeforeEach
    void cleanRedis() {
        REDIS.client().flushAll();
    }

    @Test
    void twoControllersCountEachEventOnceAcrossAKillAndARestart() throws Exception {
        JobEvents events = new JobEvents(REDIS.client(), JobEvents.DEFAULT_BOUNDS);
        int portA = RedisServer.freePort();
        int portB = RedisServer.freePort();
        ControllerProcess a = ControllerProcess.start(workingDir, environment(portA, "controller-a"));
        ControllerProcess b = ControllerProcess.start(workingDir, environment(portB, "controller-b"));
        try {
            a.awaitHealthy(portA, Duration.ofSeconds(60));
            b.awaitHealthy(portB, Duration.ofSeconds(60));
            AtomicBoolean writing = new AtomicBoolean(true);
            // about 2,000 events a second, fewer in all than the stream's 10,000 cap: none can be trimmed
            // unread, so every event written must be counted, once
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; writing.get() && i < 9_000; i++) {
                    events.add("worker-" + (i % 5), "10.0." + (i % 7) + "." + (i % 50),
                            i % 9 == 0 ? "failed" : "success", i % 9 == 0 ? "gating" : "none",
                            String.valueOf((i % 40) * 0.37));
                    if (i % 10 == 9) {
                        pause(5);
                    }
                }
            });
            Await.until(() -> positive(ControllerHttp.value(portA, "tom_job_events_consumed_total")),
                    Duration.ofSeconds(20));
            a.kill();
            Thread.sleep(500);
            a = ControllerProcess.start(workingDir, environment(portA, "controller-a-restarted"));
            a.awaitHealthy(portA, Duration.ofSeconds(60));
            writing.set(false);
            writer.get(30, TimeUnit.SECONDS);

            double written = events.written();
            assertTrue(written > 0);
            for (int port : List.of(portA, portB)) {
                try {
                    Await.until(() -> Double.valueOf(written).equals(ControllerHttp.value(port,
                            "tom_job_events_consumed_total")) && Double.valueOf(0).equals(ControllerHttp.value(port,
                            "tom_job_events_lag")), Duration.ofSeconds(60));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    Exposition now = ControllerHttp.scrape(port);
                    throw new AssertionError(written + " written; consumed " + now.value("tom_job_events_consumed_total")
                            + ", lag " + now.value("tom_job_events_lag") + ", lost " + now.value("tom_job_events_lost_total")
                            + ", malformed " + now.value(Exposition.series("tom_malformed_records", "kind", "event"))
                            + "; consumer " + REDIS.client().hgetAll("tom:monitoring:{tom:metrics:stream}:consumer")
                            + "; pending " + REDIS.client().xpending(JobEvents.STREAM, "tom-monitoring")
                            + "\nA:\n" + a.output() + "\nB:\n" + b.output(), e);
                }
            }
            Exposition fromA = ControllerHttp.scrape(portA);
            Exposition fromB = ControllerHttp.scrape(portB);
            assertEquals(events.histogramSamples(), fromA.samplesStartingWith("tom_job_duration_seconds"));
            assertEquals(history(fromA), history(fromB), "both controllers serve the same history");
            assertEquals(events.lastTimestamps(true),
                    fromB.samplesStartingWith("tom_device_last_success_timestamp_seconds"));
            assertEquals(0.0, fromB.value("tom_job_events_lost_total"));
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void eventsTrimmedBeforeAnyConsumerReadThemAreCountedAsLost() throws Exception {
        JobEvents events = new JobEvents(REDIS.client(), JobEvents.DEFAULT_BOUNDS);
        int port = RedisServer.freePort();
        for (int i = 0; i < 10; i++) {
            events.add("worker-1", "10.0.0.1", "success", "none", "1");
        }
        try (ControllerProcess controller = ControllerProcess.start(workingDir, environment(port, "controller"))) {
            controller.awaitHealthy(port, Duration.ofSeconds(60));
            Await.until(() -> Double.valueOf(10).equals(ControllerHttp.value(port, "tom_job_events_consumed_total")),
                    Duration.ofSeconds(20));
        }
        // no consumer runs: 100 more events, then the stream is trimmed to its newest 30
        for (int i = 0; i < 100; i++) {
            events.add("worker-1", "10.0.0.2", "failed", "timeout", "2");
        }
        REDIS.client().xtrim(JobEvents.STREAM, XTrimParams.xTrimParams().maxLen(30).exactTrimming());
        try (ControllerProcess controller = ControllerProcess.start(workingDir, environment(port, "controller"))) {
            controller.awaitHealthy(port, Duration.ofSeconds(60));
            Await.until(() -> Double.valueOf(40).equals(ControllerHttp.value(port, "tom_job_events_consumed_total")),
                    Duration.ofSeconds(20));
            Exposition exposition = ControllerHttp.scrape(port);
            assertEquals(70.0, exposition.value("tom_job_events_lost_total"));
            assertEquals(0.0, exposition.value("tom_job_events_lag"));
            assertEquals(30.0, exposition.value(Exposition.series("tom_job_duration_seconds_count", "worker",
                    "worker-1", "status", "failed", "error_type", "timeout")));
        }
    }

    @Test
    void entriesAControllerReadButNeverAppliedAreClaimedAndCountedOnce() throws Exception {
        JobEvents events = new JobEvents(REDIS.client(), JobEvents.DEFAULT_BOUNDS);
        for (int i = 0; i < 200; i++) {
            events.add("worker-" + (i % 2), "10.9.0." + (i % 5), "success", "none", String.valueOf(i % 9));
        }
        // a controller that read 50 events with the consumer's own script, then died before applying them
        HistoryScripts.Read read = HistoryScripts.Read.of(HistoryScripts.READ.eval(REDIS.client(),
                HistoryScripts.READ_KEYS, HistoryScripts.readArguments("crashed-controller", 50, Duration.ZERO,
                        HistoryScripts.Read.NOTHING_SEEN, "crashed-controller-epoch")));
        assertEquals(50, read.entries().size());

        int port = RedisServer.freePort();
        try (ControllerProcess controller = ControllerProcess.start(workingDir, environment(port, "survivor"))) {
            controller.awaitHealthy(port, Duration.ofSeconds(60));
            Await.until(() -> Double.valueOf(200).equals(ControllerHttp.value(port, "tom_job_events_consumed_total")),
                    Duration.ofSeconds(30));
            Exposition exposition = ControllerHttp.scrape(port);
            assertEquals(events.histogramSamples(), exposition.samplesStartingWith("tom_job_duration_seconds"));
            assertEquals(0.0, exposition.value("tom_job_events_lost_total"));
            assertEquals(0.0, exposition.value("tom_job_events_lag"));
            assertTrue(controller.output().contains("claimed 50 events another consumer left pending"),
                    controller.output());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean positive(Double value) {
        return value != null && value > 0;
    }

    private static Map<String, Double> history(Exposition exposition) {
        Map<String, Double> samples = new TreeMap<>();
        for (String family : new String[] {"tom_job_duration_seconds", "tom_device_last_", "tom_job_events_"}) {
            samples.putAll(exposition.samplesStartingWith(family));
        }
        return samples;
    }

    private static Map<String, String> environment(int port, String consumer) {
        return Map.of("TOM_REDIS_URL", REDIS.server().url(), "TOM_HTTP_PORT", String.valueOf(port),
                "TOM_HISTORY_POLL_INTERVAL", "50ms", "TOM_HISTORY_BATCH_SIZE", "100",
                "TOM_HISTORY_CLAIM_IDLE", "2s", "TOM_HISTORY_CONSUMER_NAME", consumer);
    }
}
