package io.tom.monitoring.redis;

import java.time.Duration;
import java.util.function.Supplier;

import redis.clients.jedis.exceptions.JedisException;

/**
 * A time by which a read of many round trips must be done, set for the thread doing it: readers
 * call {@link #check()} between round trips, so a slow Redis stops the read at the deadline
 * (give or take one round trip) instead of holding the scrape and its Redis connection.
 */
public final class ReadDeadline {

    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private ReadDeadline() {
    }

    /** Thrown by {@link #check()} past the deadline; a Redis failure of kind timeout. */
    public static final class ExceededException extends JedisException {
        public ExceededException(String message) {
            super(message);
        }
    }

    /** Runs {@code read} with the deadline at {@code budget} from now on this thread. */
    public static <T> T within(Duration budget, Supplier<T> read) {
        return at(System.nanoTime() + budget.toNanos(), read);
    }

    /** Runs {@code read} with the given {@link System#nanoTime()} deadline (another thread's, say) on this thread. */
    public static <T> T at(long deadlineNanos, Supplier<T> read) {
        Long outer = DEADLINE.get();
        DEADLINE.set(deadlineNanos);
        try {
            return read.get();
        } finally {
            if (outer == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(outer);
            }
        }
    }

    /** True when {@code failure} is a read stopped at its deadline (not a Redis command's own timeout). */
    public static boolean stoppedAtDeadline(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ExceededException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** This thread's deadline in {@link System#nanoTime()} terms, or null when none is set. */
    public static Long current() {
        return DEADLINE.get();
    }

    /** Throws once this thread's deadline has passed; does nothing without one. */
    public static void check() {
        Long deadline = DEADLINE.get();
        if (deadline != null && System.nanoTime() - deadline > 0) {
            throw new ExceededException("the read did not finish within its time budget");
        }
    }
}
