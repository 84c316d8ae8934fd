package io.tom.monitoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Counters are read from HMGET's bytes exactly as Long.parseLong reads the same text. */
class JobCountsTest {

    @Test
    void readsCountersFromBytesExactlyAsLongParseLongReadsText() {
        List<String> values = List.of("0", "7", "007", "123456789012345678", "1234567890123456789",
                "9223372036854775807", "9223372036854775808", "+5", "-0", "-1", "", " 5", "5 ", "1.5", "1e3",
                "abc", "\u0661\u0662", "\u00e9", "99999999999999999999");
        for (String value : values) {
            MalformedRecords malformed = new MalformedRecords();
            long read = JobCounts.parseCount(value.getBytes(StandardCharsets.UTF_8), malformed);
            long expected = viaParseLong(value);
            assertEquals(expected, read, "'" + value + "'");
            assertEquals(expected == JobCounts.ABSENT ? 1 : 0, malformed.count(MalformedRecords.Kind.STATS),
                    "'" + value + "' counted as malformed exactly when it is not a count");
        }
    }

    @Test
    void aMissingFieldIsAbsentAndABadOneDoesNotHideTheOthers() {
        MalformedRecords malformed = new MalformedRecords();
        JobCounts counts = JobCounts.parse(java.util.Arrays.asList(bytes("12"), bytes("x"), null, bytes("3"),
                null, null, null), malformed);
        assertEquals(12, counts.complete());
        assertEquals(JobCounts.ABSENT, counts.failed());
        assertEquals(1, malformed.count(MalformedRecords.Kind.STATS));
        assertEquals(12, counts.total());
    }

    private static long viaParseLong(String value) {
        try {
            long parsed = Long.parseLong(value);
            return parsed >= 0 ? parsed : JobCounts.ABSENT;
        } catch (NumberFormatException e) {
            return JobCounts.ABSENT;
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}
