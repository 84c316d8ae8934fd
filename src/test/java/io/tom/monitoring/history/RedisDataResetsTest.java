package io.tom.monitoring.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.domain.JobHistory;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.CapturedLog;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.JobEvents;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.params.RestoreParams;

/**
 * The job history's counts stay exact when Redis's data changes under the consumers: the consumer
 * group deleted or moved back, the stream replaced, the consumer hash lost, a restore from an older
 * snapshot. Each is repaired without counting an event twice, counted in
 * {@code tom_redis_data_resets_total{kind}} and logged once; events counted before are never
 * reported lost, and events Redis lost are.
 */
class RedisDataResetsTest extends TomApplicationTestSupport {

    private static final String STREAM = JobEvents.STREAM;
    private static final List<String> HISTORY_KEYS = List.of(STREAM, JobHistory.CONSUMER, JobHistory.DURATIONS,
            JobHistory.LAST_SUCCESS, JobHistory.LAST_FAILURE, JobHistory.LAST_EVENT);

    private CapturedLog log;
    private JobEvents events;

    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.history.poll-interval", "100ms", "tom.history.batch-size", "50",
                "tom.history.claim-idle", "200ms");
    }

    @BeforeEach
    void startFromAnEmptyHistory() {
        // the previous test's history is flushed: the consumer reports it, then each test starts clean
        Await.until(() -> redis.exists(JobHistory.CONSUMER), Duration.ofSeconds(20));
        try (CapturedLog flush = new CapturedLog()) {
            redis.flushAll();
            Await.until(() -> !flush.linesWith("consumer counts", "were gone").isEmpty(), Duration.ofSeconds(20));
        }
        redis.del(JobHistory.RESETS);
        log = new CapturedLog();
        events = new JobEvents(redis, JobEvents.DEFAULT_BOUNDS);
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void aDeletedConsumerGroupIsRecreatedWhereItWasAndNothingCountsTwice() {
        addAndAwait(300);

        redis.xgroupDestroy(STREAM, JobHistory.GROUP);
        Await.until(() -> reset(scrape(), "group_deleted") == 1.0, Duration.ofSeconds(20));
        addAndAwait(100);

        Exposition exposition = scrape();
        assertExact(exposition, 400, 0);
        assertEquals(1, log.linesWith("WARN", "was gone (XGROUP DESTROY").size(), String.join("\n", log.lines()));
    }

    @Test
    void aGroupMovedBackIsMovedForwardAndNothingCountsTwice() {
        addAndAwait(300);

        redis.xgroupSetID(STREAM, JobHistory.GROUP, new redis.clients.jedis.StreamEntryID(0, 0));
        Await.until(() -> reset(scrape(), "group_rewound") == 1.0, Duration.ofSeconds(20));
        addAndAwait(100);

        assertExact(scrape(), 400, 0);
        assertEquals(1, log.linesWith("WARN", "was moved back (XGROUP SETID)").size());
    }

    @Test
    void aReplacedStreamIsConsumedFromItsStartAndNothingCountsTwice() {
        addAndAwait(200);

        // evicted or deleted, then written again by the workers
        redis.del(STREAM);
        JobEvents after = new JobEvents(redis, JobEvents.DEFAULT_BOUNDS);
        for (int i = 0; i < 50; i++) {
            after.add("worker-2", "10.0.0.2", "failed", "auth", "1.5");
        }
        Await.until(() -> Double.valueOf(250).equals(scrape().value("tom_job_events_consumed_total")),
                Duration.ofSeconds(20));

        Exposition exposition = scrape();
        assertEquals(1.0, reset(exposition, "stream_reset"));
        assertEquals(0.0, exposition.value("tom_job_events_lost_total"), "every event of the old stream was read: "
                + redis.hgetAll(JobHistory.CONSUMER));
        assertEquals(250.0, histogramCount(exposition));
        assertEquals(0.0, exposition.value("tom_job_events_lag"));
        assertEquals(1, log.linesWith("WARN", "was replaced", "0 events of the old one").size());
    }

    @Test
    void aLostConsumerHashIsRebuiltWithoutReportingCountedEventsAsLost() {
        addAndAwait(300);

        redis.del(JobHistory.CONSUMER);
        Await.until(() -> reset(scrape(), "history_lost") == 1.0, Duration.ofSeconds(20));
        addAndAwait(0);

        Exposition exposition = scrape();
        assertEquals(0.0, exposition.value("tom_job_events_lost_total"), "every event was aggregated");
        assertEquals(300.0, histogramCount(exposition), "the histogram itself was never lost");
        assertEquals(0.0, exposition.value("tom_job_events_lag"));
        assertEquals(1, log.linesWith("WARN", "consumer counts", "were gone").size());
    }

    @Test
    void aRestoreFromAnOlderSnapshotIsDetectedAndTheEventsRedisLostCountAsLost() {
        addAndAwait(200);
        Map<String, byte[]> snapshot = new LinkedHashMap<>();
        for (String key : HISTORY_KEYS) {
            snapshot.put(key, redis.dump(key));
        }
        addAndAwait(120);

        try (AbstractTransaction restore = redis.multi()) {
            snapshot.forEach((key, value) -> restore.restore(key, 0, value, RestoreParams.restoreParams().replace()));
            restore.exec();
        }
        Await.until(() -> reset(scrape(), "rolled_back") == 1.0, Duration.ofSeconds(20));
        for (int i = 0; i < 40; i++) {
            events.add("worker-3", "10.0.0.3", "success", "none", "3");
        }
        Await.until(() -> Double.valueOf(240).equals(scrape().value("tom_job_events_consumed_total")),
                Duration.ofSeconds(20));

        Exposition exposition = scrape();
        assertEquals(120.0, exposition.value("tom_job_events_lost_total"), "the 120 events the restore took");
        assertEquals(240.0, histogramCount(exposition));
        assertEquals(1, log.linesWith("WARN", "Redis's data went back", "120 events Redis lost").size());
    }

    @Test
    void aFlushedRedisIsReportedOnceAndTheHistoryStartsAgain() {
        addAndAwait(100);

        redis.flushAll();
        Await.until(() -> reset(scrape(), "history_lost") == 1.0, Duration.ofSeconds(20));
        JobEvents after = new JobEvents(redis, JobEvents.DEFAULT_BOUNDS);
        for (int i = 0; i < 10; i++) {
            after.add("worker-1", "10.0.0.9", "success", "none", "0.1");
        }
        Await.until(() -> Double.valueOf(10).equals(scrape().value("tom_job_events_consumed_total")),
                Duration.ofSeconds(20));

        Exposition exposition = scrape();
        assertEquals(0.0, exposition.value("tom_job_events_lost_total"));
        assertEquals(after.histogramSamples(), exposition.samplesStartingWith("tom_job_duration_seconds"));
        assertEquals(1, log.linesWith("WARN", "consumer counts", "were gone").size());
    }

    @Test
    void consumersIdleWithNothingPendingAreRemovedFromTheGroup() {
        addAndAwait(10);
        for (int i = 0; i < 8; i++) {
            redis.xgroupCreateConsumer(STREAM, JobHistory.GROUP, "stopped-controller-" + i);
        }

        // forgotten after ten claim times (2 s here)
        Await.until(() -> redis.xinfoConsumers(STREAM, JobHistory.GROUP).size() == 1, Duration.ofSeconds(20));
        // the controller logs it once its script has returned, which may be after Redis shows it
        Await.until(() -> log.linesWith("INFO", "removed consumers", "stopped-controller-0").size() >= 1,
                Duration.ofSeconds(20));
    }

    @Test
    void aControllerWithOtherDurationBucketsOnTheSameRedisIsNamedInAWarning() {
        redis.hset(JobHistory.CONSUMER, JobHistory.DURATION_BUCKETS,
                "0.1,0.2|controller-with-other-buckets|" + System.currentTimeMillis());

        Await.until(() -> !log.linesWith("WARN", "controller-with-other-buckets applies duration buckets 0.1,0.2",
                "TOM_METRICS_DURATION_BUCKETS").isEmpty(), Duration.ofSeconds(20));
        assertTrue(redis.hget(JobHistory.CONSUMER, JobHistory.DURATION_BUCKETS).startsWith("0.5,1.0,2.5,5.0,10.0,"),
                "this controller's own bounds stored for the others");
    }

    /** Adds {@code count} events of a few shapes and waits until all written so far are consumed. */
    private void addAndAwait(int count) {
        for (int i = 0; i < count; i++) {
            events.add("worker-" + (i % 3), "10.0.0." + (i % 7), i % 4 == 0 ? "failed" : "success",
                    i % 4 == 0 ? "timeout" : "none", String.valueOf(0.1 * (i % 40)));
        }
        Await.until(() -> Double.valueOf(events.written()).equals(scrape().value("tom_job_events_consumed_total")),
                Duration.ofSeconds(20));
    }

    private void assertExact(Exposition exposition, long events, long lost) {
        assertEquals((double) events, exposition.value("tom_job_events_consumed_total"));
        assertEquals(this.events.histogramSamples(), exposition.samplesStartingWith("tom_job_duration_seconds"));
        assertEquals((double) lost, exposition.value("tom_job_events_lost_total"));
        assertEquals(0.0, exposition.value("tom_job_events_lag"));
    }

    private static double reset(Exposition exposition, String kind) {
        Double value = exposition.value(Exposition.series("tom_redis_data_resets_total", "kind", kind));
        return value == null ? -1 : value;
    }

    private static double histogramCount(Exposition exposition) {
        return exposition.samplesStartingWith("tom_job_duration_seconds_count").values().stream()
                .mapToDouble(Double::doubleValue).sum();
    }
}
