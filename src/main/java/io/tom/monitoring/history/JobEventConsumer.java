package io.tom.monitoring.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tom.monitoring.domain.JobHistory;
import io.tom.monitoring.domain.MetricsEvent;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisRefusal;
import org.apache.camel.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Reads {@code tom:metrics:stream} with the controllers' consumer group and aggregates each event
 * into the job history in Redis, exactly once whatever the number of controllers and whenever one
 * dies (docs/redis-layout.md, "Job history"): reading counts what was delivered, and each entry's
 * aggregates are applied in the same script as its acknowledgement, only by the XACK that
 * acknowledged it. Entries a dead controller left pending are claimed after {@code claimIdle}.
 * Nothing is kept in this object between polls but its settings.
 */
public final class JobEventConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(JobEventConsumer.class);
    /** Polls read at most this many batches, so a backlog cannot hold the route for long. */
    private static final int MAX_BATCHES_PER_POLL = 40;
    private static final long OUTAGE_LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final RedisConnections connections;
    private final EventBatch.Encoder encoder;
    private final DurationBuckets buckets;
    private long lastBucketsCompared;
    private final String consumer;
    private final int batchSize;
    private final Duration claimIdle;
    private final Duration retention;
    private final boolean fold;
    private volatile long lastOutageLog;
    private volatile boolean failing;
    private volatile boolean foldReady;
    /** What the last read found in Redis: how the next one tells that Redis's data went back. */
    private HistoryScripts.Read seen = HistoryScripts.Read.NOTHING_SEEN;

    /**
     * @param fold      count the jobs of devices outside the shown set into the overflow rows
     *                  (under a device limit); consuming waits until that set exists
     * @param retention how long a device's last success and failure are kept after its last event
     */
    public JobEventConsumer(RedisConnections connections, DurationBuckets buckets, String consumer, int batchSize,
            Duration claimIdle, Duration retention, boolean fold) {
        this.connections = connections;
        this.encoder = new EventBatch.Encoder(buckets);
        this.buckets = buckets;
        this.consumer = consumer;
        this.batchSize = batchSize;
        this.claimIdle = claimIdle;
        this.retention = retention;
        this.fold = fold;
    }

    public String consumerName() {
        return consumer;
    }

    /** One poll: claims what dead consumers left, then reads until caught up; returns the events applied. */
    @Handler
    public long poll() {
        try {
            if (fold && !foldReady) {
                foldReady = connections.keyed(redis -> redis.exists(JobHistory.SHOWN_DEVICES));
                if (!foldReady) {
                    LOG.debug("Waiting for the shown-device set before consuming job events");
                    return 0;
                }
            }
            compareDurationBuckets();
            long applied = apply(claim());
            for (int batch = 0; batch < MAX_BATCHES_PER_POLL; batch++) {
                List<Object> entries = read();
                applied += apply(entries);
                if (entries.size() < batchSize) {
                    break;
                }
            }
            if (failing) {
                failing = false;
                LOG.info("Job history: consuming {} again", MetricsEvent.STREAM);
            }
            return applied;
        } catch (JedisException e) {
            Optional<RedisRefusal> refusal = RedisRefusal.of(e);
            long now = System.nanoTime();
            if (refusal.isPresent()) {
                connections.refusals().met(refusal.get(), e, "consuming " + MetricsEvent.STREAM + " for the job history"
                        + " (retried at every poll)");
            } else if (!failing || now - lastOutageLog > OUTAGE_LOG_INTERVAL_NANOS) {
                lastOutageLog = now;
                LOG.warn("Job history: cannot consume {} ({}); retrying at the next poll", MetricsEvent.STREAM,
                        e.getMessage());
            }
            failing = true;
            return 0;
        }
    }

    private List<Object> read() {
        HistoryScripts.Read read = HistoryScripts.Read.of(connections.keyed(redis -> HistoryScripts.READ.eval(redis,
                HistoryScripts.READ_KEYS, HistoryScripts.readArguments(consumer, batchSize, retention, seen,
                        UUID.randomUUID().toString()))));
        read.repairs().forEach((kind, lost) -> LOG.warn("Job history: {}", DataResets.explain(kind, lost, seen, read)));
        seen = read;
        return read.entries();
    }

    /** Entries idle longer than the claim time in any consumer's pending list, now this consumer's. */
    private List<Object> claim() {
        List<Object> claimed = new ArrayList<>();
        for (int batch = 0; batch < MAX_BATCHES_PER_POLL; batch++) {
            HistoryScripts.Claimed page = HistoryScripts.Claimed.of(connections.keyed(redis -> HistoryScripts.CLAIM
                    .eval(redis, HistoryScripts.CLAIM_KEYS, HistoryScripts.claimArguments(consumer, claimIdle,
                            batchSize, forgetIdle()))));
            if (!page.removedConsumers().isEmpty()) {
                LOG.info("Job history: removed consumers {} from the group {}: idle for over {} with nothing pending",
                        page.removedConsumers(), JobHistory.GROUP, forgetIdle());
            }
            claimed.addAll(page.entries());
            if (page.entries().size() < batchSize) {
                break;
            }
        }
        if (!claimed.isEmpty()) {
            LOG.info("Job history: claimed {} events another consumer left pending for over {}", claimed.size(),
                    claimIdle);
        }
        return claimed;
    }

    private long apply(List<Object> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        EventBatch batch = encoder.encode(entries, fold);
        HistoryScripts.Applied applied = HistoryScripts.Applied.of(connections.keyed(redis ->
                HistoryScripts.APPLY.eval(redis, HistoryScripts.APPLY_KEYS, batch.arguments())));
        if (batch.malformed() > 0) {
            LOG.warn("Job history: skipped {} malformed events of {} (missing fields, unknown status, bad duration)",
                    batch.malformed(), MetricsEvent.STREAM);
        }
        return applied.events();
    }

    /**
     * Every claim time, tells the other controllers which duration bounds this one applies, and
     * warns when another wrote different ones within two claim times: their histograms would mix
     * (counts under a bound one controller lacks are shown in its next bound up).
     */
    private void compareDurationBuckets() {
        long now = System.currentTimeMillis();
        if (now - lastBucketsCompared < claimIdle.toMillis()) {
            return;
        }
        lastBucketsCompared = now;
        String ours = buckets.toString();
        String previous = connections.keyed(redis -> {
            String stored = redis.hget(JobHistory.CONSUMER, JobHistory.DURATION_BUCKETS);
            redis.hset(JobHistory.CONSUMER, JobHistory.DURATION_BUCKETS, ours + "|" + consumer + "|" + now);
            return stored;
        });
        String[] parts = previous == null ? new String[0] : previous.split("\\|");
        if (parts.length == 3 && !parts[0].equals(ours) && !parts[1].equals(consumer)) {
            long age;
            try {
                age = now - Long.parseLong(parts[2]);
            } catch (NumberFormatException e) {
                return;
            }
            if (age < 2 * claimIdle.toMillis()) {
                LOG.warn("Job history: controller {} applies duration buckets {}, this one ({}) applies {}: their"
                        + " histograms mix. Give every controller on this Redis the same TOM_METRICS_DURATION_BUCKETS",
                        parts[1], parts[0], consumer, ours);
            }
        }
    }

    /** Consumers holding nothing are forgotten after ten claim times: long dead, never a live one's poll gap. */
    private Duration forgetIdle() {
        return claimIdle.multipliedBy(10);
    }
}
