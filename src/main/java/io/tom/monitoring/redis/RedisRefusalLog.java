package io.tom.monitoring.redis;

import java.util.ArrayList;
import java.util.List;

import io.tom.monitoring.logging.OncePerInterval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's log of the failures its Redis met: each kind at most once a minute, whichever
 * endpoint, scrape or route met it, with Redis's own words, the fix and which Redis it was.
 * Remembers when each kind was last met, for that controller's readiness.
 */
public final class RedisRefusalLog {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRefusalLog.class);

    private final String redis;
    private final OncePerInterval due = OncePerInterval.perMinute();
    private final long[] lastMet = new long[RedisRefusal.values().length];
    private final boolean[] everMet = new boolean[RedisRefusal.values().length];

    /** {@code redis} says which Redis in each line, never with its password. */
    public RedisRefusalLog(String redis) {
        this.redis = redis;
    }

    /** Logs the failure if its kind is due; {@code while_} says what the controller was doing. */
    public void met(RedisRefusal refusal, Throwable failure, String while_) {
        synchronized (lastMet) {
            lastMet[refusal.ordinal()] = System.nanoTime();
            everMet[refusal.ordinal()] = true;
        }
        if (due.due(refusal.name())) {
            LOG.warn("{} while {}: {}. Fix: {} ({}; logged once a minute)", refusal.detail(), while_,
                    rootMessage(failure), refusal.fix(rootCause(failure)), redis);
        }
    }

    /** The kinds met within the last {@code nanos}, in the order of {@link RedisRefusal}; empty when none. */
    public List<RedisRefusal> metWithin(long nanos) {
        long now = System.nanoTime();
        List<RedisRefusal> recent = new ArrayList<>();
        synchronized (lastMet) {
            for (RedisRefusal refusal : RedisRefusal.values()) {
                if (everMet[refusal.ordinal()] && now - lastMet[refusal.ordinal()] < nanos) {
                    recent.add(refusal);
                }
            }
        }
        return recent;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = rootCause(failure);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
