package io.tom.monitoring.history;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

import io.tom.monitoring.domain.JobHistory;

/**
 * The upper bounds of {@code tom_job_duration_seconds} (seconds, ascending, +Inf implied). An
 * observation lands in the first bucket whose bound it does not exceed, decided on its exact
 * decimal value; sums are kept in whole nanoseconds, so they are exact whatever the order in
 * which controllers add them.
 */
public final class DurationBuckets {

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final String INF = "+Inf";

    private final double[] bounds;
    private final BigDecimal[] exactBounds;
    private final String[] parts;

    private DurationBuckets(double[] bounds) {
        this.bounds = bounds;
        this.exactBounds = Arrays.stream(bounds).mapToObj(BigDecimal::valueOf).toArray(BigDecimal[]::new);
        this.parts = new String[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            parts[i] = JobHistory.bucket(Double.toString(bounds[i]));
        }
        parts[bounds.length] = JobHistory.bucket(INF);
    }

    /** {@code 0.5,1,2.5}: finite, positive, strictly ascending seconds. */
    public static DurationBuckets parse(String commaSeparated) {
        String[] items = commaSeparated.split(",");
        double[] bounds = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            try {
                bounds[i] = Double.parseDouble(items[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be comma-separated seconds such as 0.5,1,2.5, got '"
                        + items[i].trim() + "'");
            }
            if (!Double.isFinite(bounds[i]) || bounds[i] <= 0 || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException("must be positive, finite and strictly ascending, got '"
                        + commaSeparated + "'");
            }
        }
        return new DurationBuckets(bounds);
    }

    /** The bounds as the histogram's fields name them, comma-separated: equal text, equal buckets. */
    @Override
    public String toString() {
        return String.join(",", Arrays.stream(bounds).mapToObj(Double::toString).toList());
    }

    /** The finite upper bounds, ascending. */
    public double[] bounds() {
        return bounds.clone();
    }

    /** The histogram field part of the bucket {@code seconds} falls in. */
    public String bucketOf(double seconds) {
        BigDecimal exact = BigDecimal.valueOf(seconds);
        for (int i = 0; i < exactBounds.length; i++) {
            if (exact.compareTo(exactBounds[i]) <= 0) {
                return parts[i];
            }
        }
        return parts[bounds.length];
    }

    /** The index of the bound a stored bucket part names ({@code bounds().length} for +Inf), or -1. */
    public int indexOf(String boundText) {
        if (INF.equals(boundText)) {
            return bounds.length;
        }
        try {
            int i = Arrays.binarySearch(bounds, Double.parseDouble(boundText));
            return i >= 0 ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The duration in whole nanoseconds, rounded half-even: what the sums add. */
    public static long nanos(double seconds) {
        return BigDecimal.valueOf(seconds).multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }
}
