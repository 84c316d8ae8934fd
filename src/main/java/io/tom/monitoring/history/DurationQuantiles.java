package io.tom.monitoring.history;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Quantiles of job durations estimated from the histogram buckets, fleet-wide, the way
 * Prometheus's {@code histogram_quantile} estimates them: linear interpolation inside the bucket
 * where the rank falls, the lowest bucket starting at 0, and the highest finite bound when the rank
 * falls in the +Inf bucket.
 */
public final class DurationQuantiles {

    private final double[] bounds;
    private final long[] buckets;
    private final long count;

    private DurationQuantiles(double[] bounds, long[] buckets, long count) {
        this.bounds = bounds;
        this.buckets = buckets;
        this.count = count;
    }

    /** The sum of every series' buckets. */
    public static DurationQuantiles of(double[] bounds, List<JobHistorySnapshot.DurationSeries> series) {
        long[] buckets = new long[bounds.length + 1];
        long count = 0;
        for (JobHistorySnapshot.DurationSeries s : series) {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += s.buckets()[i];
                count += s.buckets()[i];
            }
        }
        return new DurationQuantiles(bounds, buckets, count);
    }

    public long count() {
        return count;
    }

    /** The estimated {@code q}-quantile in seconds; empty without observations. */
    public OptionalDouble quantile(double q) {
        if (count == 0) {
            return OptionalDouble.empty();
        }
        double rank = q * count;
        long below = 0;
        for (int i = 0; i < buckets.length; i++) {
            long upTo = below + buckets[i];
            if (upTo >= rank && buckets[i] > 0) {
                if (i == bounds.length) {
                    return OptionalDouble.of(bounds.length == 0 ? 0 : bounds[bounds.length - 1]);
                }
                double start = i == 0 ? 0 : bounds[i - 1];
                return OptionalDouble.of(start + (bounds[i] - start) * ((rank - below) / buckets[i]));
            }
            below = upTo;
        }
        return OptionalDouble.of(bounds[bounds.length - 1]);
    }
}
