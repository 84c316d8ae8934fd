package io.tom.monitoring.metrics;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tom.monitoring.build.BuildInfo;
import io.tom.monitoring.domain.DeviceShard;
import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.fleet.FeedLossReader;
import io.tom.monitoring.fleet.FleetSnapshot;
import io.tom.monitoring.fleet.FleetSnapshotReader;
import io.tom.monitoring.fleet.ActiveJobsReader;
import io.tom.monitoring.fleet.QueueTimings;
import io.tom.monitoring.history.JobHistoryReader;
import io.tom.monitoring.history.JobHistorySnapshot;
import io.tom.monitoring.redis.ReadDeadline;
import io.tom.monitoring.redis.RedisRefusal;
import io.tom.monitoring.redis.RedisRefusalLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a fresh {@link FleetSnapshot} into the tom_* metric families on every scrape. It keeps no
 * state between scrapes, so concurrent scrapes are safe. When Redis cannot be read the scrape
 * carries {@code tom_redis_up 0} and no series from Redis: absent, never zero-filled.
 */
public final class TomFleetCollector implements MultiCollector {

    /** Every family this collector can produce, so a clash with another collector fails at registration. */
    static final List<String> NAMES = TomMetric.collectedNames();

    private static final Logger LOG = LoggerFactory.getLogger(TomFleetCollector.class);

    private final FleetSnapshotReader reader;
    private final DeviceSeriesLimit deviceLimit;
    private final ShownDevices shownDevices;
    /** Null when the history is off (TOM_HISTORY_ENABLED=false): its families are then absent. */
    private final JobHistoryReader history;
    private final QueueTimings queueTimings;
    private final ActiveJobsReader activeJobs;
    private final AtomicBoolean redisWasUp = new AtomicBoolean(true);
    private final ExecutorService historyReaders;
    private final FeedLossReader feedLosses;
    private final RedisRefusalLog refusals;
    private final DeviceShard shard;

    /**
     * {@code historyReaders} read the job history beside the fleet read; the owner shuts it down.
     * {@code history} is null for a controller that keeps no history (no device limit then).
     * {@code shard} is the part of the fleet this controller exports (no device limit with shards).
     */
    public TomFleetCollector(FleetSnapshotReader reader, DeviceSeriesLimit deviceLimit, ShownDevices shownDevices,
            JobHistoryReader history, QueueTimings queueTimings, ActiveJobsReader activeJobs, FeedLossReader feedLosses,
            ExecutorService historyReaders, RedisRefusalLog refusals, DeviceShard shard) {
        if (shard.sharded() && !deviceLimit.keepsEveryDevice()) {
            throw new IllegalArgumentException("a device limit cannot be combined with shards");
        }
        this.shard = shard;
        this.feedLosses = feedLosses;
        this.historyReaders = historyReaders;
        this.refusals = refusals;
        this.reader = reader;
        this.deviceLimit = deviceLimit;
        this.shownDevices = shownDevices;
        this.history = history;
        this.queueTimings = queueTimings;
        this.activeJobs = activeJobs;
    }

    /** The read's own failure, as if it had run on the scraping thread; waits no longer than the deadline. */
    private static JobHistorySnapshot join(CompletableFuture<JobHistorySnapshot> read, Long deadline) {
        try {
            if (deadline == null) {
                return read.join();
            }
            return read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (CompletionException | ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException late) {
            throw new ReadDeadline.ExceededException("the job history read did not finish within the scrape's budget");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadDeadline.ExceededException("interrupted");
        }
    }

    private static CounterSnapshot feedLosses(Map<String, Long> lostByConsumer) {
        CounterSnapshot.Builder counter = TomMetric.FEED_FAILURES_LOST.counter();
        lostByConsumer.forEach((consumer, lost) -> counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .value(lost).labels(TomMetric.FEED_FAILURES_LOST.labels(consumer)).build()));
        return counter.build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return NAMES;
    }

    @Override
    public MetricSnapshots collect() {
        long started = System.nanoTime();
        MetricSnapshots.Builder families = MetricSnapshots.builder();
        boolean up;
        Map<String, Long> redisErrors = new TreeMap<>();
        try {
            // with a device limit, which devices keep rows is known only once all are read
            Optional<Set<String>> stored = deviceLimit.keepsEveryDevice() ? Optional.empty() : shownDevices.read();
            // the job history is read on another connection while the fleet is scanned
            Long deadline = ReadDeadline.current();
            java.util.function.Supplier<JobHistorySnapshot> readHistory = shard.sharded() ? () -> history.read(shard)
                    : () -> history.read(stored);
            CompletableFuture<JobHistorySnapshot> historyRead = history == null ? null : CompletableFuture.supplyAsync(
                    () -> deadline == null ? readHistory.get() : ReadDeadline.at(deadline, readHistory::get),
                    historyReaders);
            // with every device exported, their rows are written while the leases are read
            AtomicReference<JobRows.DeviceRowsText> written = new AtomicReference<>();
            FleetSnapshot fleet = reader.read(EnumSet.allOf(FleetSnapshotReader.Part.class), shard,
                    deviceLimit.keepsEveryDevice() ? devicesInOrder -> written.set(JobRows.writeAhead(devicesInOrder))
                            : devicesInOrder -> { });
            Map<String, JobCounts> workers = ExportedIds.withoutReserved(fleet.workers());
            Map<String, JobCounts> devices = ExportedIds.withoutReserved(fleet.devices());
            Set<String> shown = deviceLimit.keepsEveryDevice() ? null
                    : stored.orElseGet(() -> deviceLimit.ranked(devices));
            JobHistorySnapshot jobHistory = historyRead == null ? null : join(historyRead, deadline);
            DeviceSeriesLimit.Selection selection = shown == null ? deviceLimit.all(devices)
                    : deviceLimit.select(devices, shown, jobHistory.otherDevices());
            boolean fleetWide = shard.holdsFleet();
            List<QueueTimings.Timing> queues = fleetWide ? queueTimings.read(fleet.redisTimeSeconds(), fleet.malformed())
                    : List.of();
            List<ActiveJobsReader.QueueActivity> active = fleetWide
                    ? activeJobs.read(fleet.redisTimeSeconds(), fleet.malformed()) : List.of();
            Map<MalformedRecords.Kind, Long> skipped = new EnumMap<>(MalformedRecords.Kind.class);
            skipped.put(MalformedRecords.Kind.STATS, (long) ExportedIds.reservedIn(fleet.workers(), fleet.devices()));
            if (jobHistory != null) {
                skipped.put(MalformedRecords.Kind.EVENT, jobHistory.consumption().malformed());
                skipped.put(MalformedRecords.Kind.HISTORY, jobHistory.malformed());
            }
            FleetFamilies.add(families, fleet, workers, selection, skipped, fleetWide, Optional.ofNullable(written.get()));
            if (jobHistory != null) {
                HistoryFamilies.add(families, jobHistory, history.buckets().bounds(), shown, fleetWide);
            }
            if (fleetWide) {
                QueueFamilies.add(families, queues, active);
                families.metricSnapshot(feedLosses(feedLosses.read()));
            }
            redisErrors.putAll(fleet.malformed().refusals());
            up = true;
        } catch (RuntimeException e) {
            Optional<RedisRefusal> refusal = RedisRefusal.of(e);
            if (refusal.isEmpty()) {
                throw e;
            }
            RedisRefusal kind = refusal.get();
            // the budget ran out between round trips: Redis's fault only if Redis is slow to answer
            if (kind == RedisRefusal.TIMEOUT && ReadDeadline.stoppedAtDeadline(e)
                    && reader.redisAnswersWithin(RedisRefusal.PROMPT)) {
                kind = RedisRefusal.BUDGET;
            }
            up = false;
            redisErrors.put(kind.label(), 1L);
            if (kind != RedisRefusal.BUDGET) {
                redisWasUp.set(false);
            }
            refusals.met(kind, e, "scraping (tom_* fleet series left out)");
        }
        if (up && redisWasUp.compareAndSet(false, true)) {
            LOG.info("Redis reachable again");
        }
        families.metricSnapshot(FleetFamilies.gauge(TomMetric.REDIS_UP, up ? 1 : 0));
        GaugeSnapshot.Builder errors = TomMetric.REDIS_ERRORS.gauge();
        for (RedisRefusal kind : RedisRefusal.values()) {
            errors.dataPoint(GaugeDataPointSnapshot.builder().value(redisErrors.getOrDefault(kind.label(), 0L))
                    .labels(TomMetric.REDIS_ERRORS.labels(kind.label())).build());
        }
        families.metricSnapshot(errors.build());
        families.metricSnapshot(FleetFamilies.gauge(TomMetric.SCRAPE_DURATION, (System.nanoTime() - started) / 1e9));
        BuildInfo build = BuildInfo.current();
        families.metricSnapshot(TomMetric.BUILD_INFO.gauge().dataPoint(GaugeDataPointSnapshot.builder().value(1)
                .labels(TomMetric.BUILD_INFO.labels(build.version(), build.revision(), build.javaVersion())).build())
                .build());
        return families.build();
    }
}
