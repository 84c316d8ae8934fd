package io.tom.monitoring.redis;

import java.util.ArrayList;
import java.util.List;

import io.tom.monitoring.logging.OncePerInterval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's one log of Redis failures: each kind at most once a minute, whichever
 * endpoint, scrape or route met it, with Redis's own words and the fix. Remembers when each kind
 * was last met, for readiness.
 */
public final class RedisRefusalLog {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRefusalLog.class);
    private static final OncePerInterval DUE = OncePerInterval.perMinute();
    private static final Long[] LAST_MET = new Long[RedisRefusal.values().length];

    private RedisRefusalLog() {
    }

    /** Logs the failure if its kind is due; {@code while_} says what the controller was doing. */
    public static void met(RedisRefusal refusal, Throwable failure, String while_) {
        synchronized (LAST_MET) {
            LAST_MET[refusal.ordinal()] = System.nanoTime();
        }
        if (DUE.due(refusal.name())) {
            LOG.warn("{} while {}: {}. Fix: {} (logged once a minute)", refusal.detail(), while_,
                    rootMessage(failure), refusal.fix(rootCause(failure)));
        }
    }

    /** The kinds met within the last {@code nanos}, most recent first; empty when none. */
    public static List<RedisRefusal> metWithin(long nanos) {
        long now = System.nanoTime();
        List<RedisRefusal> recent = new ArrayList<>();
        synchronized (LAST_MET) {
            for (RedisRefusal refusal : RedisRefusal.values()) {
                Long last = LAST_MET[refusal.ordinal()];
                if (last != null && now - last < nanos) {
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
