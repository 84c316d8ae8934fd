package io.tom.monitoring.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DurationBucketsTest {

    private static final DurationBuckets DEFAULT = DurationBuckets.parse("0.5,1,2.5,5,10,30,60,120,300,600");

    @Test
    void anObservationLandsInTheFirstBucketItDoesNotExceed() {
        assertEquals("le=0.5", DEFAULT.bucketOf(0));
        assertEquals("le=0.5", DEFAULT.bucketOf(0.5));
        assertEquals("le=1.0", DEFAULT.bucketOf(0.5000001));
        assertEquals("le=2.5", DEFAULT.bucketOf(2.5));
        assertEquals("le=600.0", DEFAULT.bucketOf(600));
        assertEquals("le=+Inf", DEFAULT.bucketOf(600.001));
        assertEquals("le=0.1", DurationBuckets.parse("0.1,0.2").bucketOf(0.1), "decided on the decimal value");
    }

    @Test
    void storedBoundsAreFoundAgain() {
        assertEquals(0, DEFAULT.indexOf("0.5"));
        assertEquals(1, DEFAULT.indexOf("1.0"));
        assertEquals(10, DEFAULT.indexOf("+Inf"));
        assertEquals(-1, DEFAULT.indexOf("0.75"));
        assertEquals(-1, DEFAULT.indexOf("soon"));
        assertArrayEquals(new double[] {0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600}, DEFAULT.bounds());
    }

    @Test
    void durationsBecomeWholeNanoseconds() {
        assertEquals(1_250_000_000L, DurationBuckets.nanos(1.25));
        assertEquals(100_000_000L, DurationBuckets.nanos(0.1));
        assertEquals(123_456_789L, DurationBuckets.nanos(0.1234567891234));
        assertEquals(0L, DurationBuckets.nanos(0));
    }

    @Test
    void badBucketListsAreRejected() {
        for (String bad : new String[] {"", "1,abc", "1,1", "2,1", "-1,2", "0,1", "1,Infinity", "NaN"}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> DurationBuckets.parse(bad)).getMessage()
                    .startsWith("must be"), bad);
        }
    }
}
