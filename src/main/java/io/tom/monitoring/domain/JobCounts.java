package io.tom.monitoring.domain;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The counters of one stats hash ({@link StatsHash}). A field the hash does not hold is
 * {@link #ABSENT}, not zero: Redis holds no value for it.
 */
public final class JobCounts {

    public static final long ABSENT = -1;

    /** 18 digits always fit in a long. */
    private static final int MAX_FAST_DIGITS = 18;

    private static final int COMPLETE = 0;
    private static final int FAILED = 1;
    private static final int FIRST_ERROR_TYPE = 2;

    private final long[] values;

    private JobCounts(long[] values) {
        this.values = values;
    }

    /**
     * Parses the replies of {@code HMGET key <StatsHash.FIELDS>}. A value that is not a non-negative integer is
     * reported to {@code malformed} and treated as absent, so one bad field never hides the others.
     */
    public static JobCounts parse(List<byte[]> replies, MalformedRecords malformed) {
        long[] values = new long[StatsHash.FIELDS.size()];
        for (int i = 0; i < values.length; i++) {
            byte[] raw = i < replies.size() ? replies.get(i) : null;
            values[i] = raw == null ? ABSENT : parseCount(raw, malformed);
        }
        return new JobCounts(values);
    }

    /** A hash that holds none of the fields yet. */
    public static JobCounts none() {
        long[] values = new long[StatsHash.FIELDS.size()];
        java.util.Arrays.fill(values, ABSENT);
        return new JobCounts(values);
    }

    /** Successful jobs, 0 when the hash has no {@code complete} field. */
    public long completedOrZero() {
        return Math.max(complete(), 0);
    }

    /** Failed jobs, 0 when the hash has no {@code failed} field. */
    public long failedOrZero() {
        return Math.max(failed(), 0);
    }

    /** Finished jobs: complete plus failed, absent fields counting zero. */
    public long total() {
        return completedOrZero() + failedOrZero();
    }

    public long complete() {
        return values[COMPLETE];
    }

    public long failed() {
        return values[FAILED];
    }

    public long failed(ErrorType type) {
        return values[FIRST_ERROR_TYPE + type.ordinal()];
    }

    /** True when the hash held none of the fields this project knows. */
    public boolean isEmpty() {
        for (long value : values) {
            if (value != ABSENT) {
                return false;
            }
        }
        return true;
    }

    /** The counter, read exactly as {@link Long#parseLong} reads its text; counted as malformed unless >= 0. */
    static long parseCount(byte[] raw, MalformedRecords malformed) {
        long value = plainDigits(raw);
        if (value == ABSENT) {
            try {
                value = Long.parseLong(new String(raw, StandardCharsets.UTF_8));
            } catch (NumberFormatException e) {
                value = ABSENT;
            }
        }
        if (value >= 0) {
            return value;
        }
        malformed.record(MalformedRecords.Kind.STATS);
        return ABSENT;
    }

    /** The value of 1 to 18 ASCII digits, else {@link #ABSENT}: what HINCRBY writes, read without a String. */
    private static long plainDigits(byte[] raw) {
        if (raw.length == 0 || raw.length > MAX_FAST_DIGITS) {
            return ABSENT;
        }
        long value = 0;
        for (byte b : raw) {
            if (b < '0' || b > '9') {
                return ABSENT;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }
}
