package io.tom.monitoring.api;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rates as percentages rounded to 2 decimals, as Tom's Python controller rounds them. */
final class Percentages {

    private Percentages() {
    }

    /** {@code part / whole * 100} rounded to 2 decimals (half-even on the exact binary value); 0 when whole is 0. */
    static double of(long part, long whole) {
        if (whole == 0) {
            return 0.0;
        }
        double percent = (double) part / whole * 100;
        return new BigDecimal(percent).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }
}
