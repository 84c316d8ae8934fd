package io.tom.monitoring.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The estimates Prometheus's histogram_quantile gives for the same buckets. */
class DurationQuantilesTest {

    private static final double[] BOUNDS = {1, 2, 4};

    @Test
    void interpolatesInsideTheBucketWhereTheRankFalls() {
        // 10 observations: 2 <= 1 s, 6 in (1, 2], 2 in (2, 4]
        DurationQuantiles q = DurationQuantiles.of(BOUNDS, List.of(series(2, 6, 2, 0)));
        assertEquals(10, q.count());
        assertEquals(1.5, q.quantile(0.5).getAsDouble(), 1e-12, "rank 5: 3 of the 6 in (1, 2]");
        assertEquals(3.0, q.quantile(0.9).getAsDouble(), 1e-12, "rank 9: 1 of the 2 in (2, 4]");
        assertEquals(0.5, q.quantile(0.1).getAsDouble(), 1e-12, "the lowest bucket starts at 0");
    }

    @Test
    void sumsEverySeriesAndCapsAtTheHighestFiniteBound() {
        DurationQuantiles q = DurationQuantiles.of(BOUNDS, List.of(series(1, 0, 0, 0), series(0, 0, 0, 9)));
        assertEquals(4.0, q.quantile(0.99).getAsDouble(), 1e-12, "in the +Inf bucket: the highest finite bound");
        assertTrue(DurationQuantiles.of(BOUNDS, List.of()).quantile(0.5).isEmpty(), "no observations, no estimate");
    }

    private static JobHistorySnapshot.DurationSeries series(long... buckets) {
        return new JobHistorySnapshot.DurationSeries("w", "success", "none", buckets, 0);
    }
}
