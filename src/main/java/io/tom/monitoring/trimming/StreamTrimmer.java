package io.tom.monitoring.trimming;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tom.monitoring.metrics.TomMetric;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisRefusal;
import org.apache.camel.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.SafeEncoder;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XTrimParams;

/**
 * Keeps a Redis stream within its limits: at most {@code maxLength} entries (exact
 * {@code XTRIM MAXLEN =}), and optionally none older than {@code maxAge} ({@code XTRIM MINID =},
 * judged on the Redis clock). Each XTRIM is one atomic command, so it keeps exactly the newest
 * entries at the moment it runs however many writers XADD meanwhile, and never removes an entry
 * the limits keep. Several controllers may trim the same stream; each counts what it removed.
 *
 * <p>A failed run (Redis down, a key that is not a stream) is logged and reported, never thrown:
 * the next scheduled run simply tries again.
 */
public final class StreamTrimmer {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTrimmer.class);

    private final RedisConnections connections;
    private final MeterRegistry meters;

    public StreamTrimmer(RedisConnections connections, MeterRegistry meters) {
        this.connections = connections;
        this.meters = meters;
    }

    /** One trimming run; the routes call it with the template's parameters. */
    @Handler
    public TrimResult trim(String stream, long maxLength, String maxAge) {
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException("the stream to trim is not set");
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength of " + stream + " must be at least 1, got " + maxLength);
        }
        Duration age = Durations.parse(maxAge, "maxAge of " + stream);
        Counter removedCounter = removedCounter(stream);
        try {
            TrimResult result = connections.keyed(redis -> trim(redis, stream, maxLength, age));
            removedCounter.increment(result.removed());
            if (result.removed() > 0) {
                LOG.info("Trimmed {} entries from {} ({} beyond the newest {}{}); {} remain", result.removed(), stream,
                        result.removedByLength(), maxLength,
                        age.isZero() ? "" : ", " + result.removedByAge() + " older than " + age, result.remaining());
            }
            return result;
        } catch (JedisException e) {
            Optional<RedisRefusal> refusal = RedisRefusal.of(e);
            if (refusal.isPresent()) {
                connections.refusals().met(refusal.get(), e, "trimming " + stream + " (retried at the next run)");
            } else {
                LOG.warn("Cannot trim {}: {}", stream, e.getMessage());
            }
            return TrimResult.failed(stream, e.getMessage());
        }
    }

    /** The stream's trimmed-entries counter, registered (at 0) on first use. */
    public Counter removedCounter(String stream) {
        return TomMetric.STREAM_TRIMMED_ENTRIES.counter(meters, stream);
    }

    private static TrimResult trim(UnifiedJedis redis, String stream, long maxLength, Duration maxAge) {
        long byLength = redis.xtrim(stream, XTrimParams.xTrimParams().maxLen(maxLength).exactTrimming());
        long byAge = 0;
        if (!maxAge.isZero()) {
            // the clock of the node that holds the stream
            List<?> time = (List<?>) redis.sendCommand(stream, Protocol.Command.TIME);
            long nowMillis = Long.parseLong(SafeEncoder.encode((byte[]) time.get(0))) * 1000
                    + Long.parseLong(SafeEncoder.encode((byte[]) time.get(1))) / 1000;
            long oldestKept = Math.max(0, nowMillis - maxAge.toMillis());
            byAge = redis.xtrim(stream, XTrimParams.xTrimParams().minId(oldestKept + "-0").exactTrimming());
        }
        return new TrimResult(stream, byLength, byAge, redis.xlen(stream), null);
    }

    /** What one run did; {@code error} is set when it could not run. */
    public record TrimResult(String stream, long removedByLength, long removedByAge, long remaining, String error) {

        static TrimResult failed(String stream, String error) {
            return new TrimResult(stream, 0, 0, -1, error);
        }

        public long removed() {
            return removedByLength + removedByAge;
        }
    }
}
