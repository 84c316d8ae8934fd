package io.tom.monitoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StatsHashTest {

    private static final long NOW = 1_795_000_000L;

    @Test
    void anIdIsEverythingAfterThePrefixEvenWithColons() {
        assertEquals(Optional.of(new StatsHash.Owner(StatsHash.Scope.DEVICE, "2001:db8::1")),
                StatsHash.ownerOf("tom:stats:device:2001:db8::1"));
        assertEquals(Optional.of(new StatsHash.Owner(StatsHash.Scope.DEVICE, "fe80::1%eth0")),
                StatsHash.ownerOf("tom:stats:device:fe80::1%eth0"));
        assertEquals(Optional.of(new StatsHash.Owner(StatsHash.Scope.WORKER, "worker-abc123")),
                StatsHash.ownerOf(StatsHash.workerKey("worker-abc123")));
        assertEquals("tom:stats:worker:worker-abc123", StatsHash.workerKey("worker-abc123"));
        assertEquals("tom:stats:device:2001:db8::1", StatsHash.deviceKey("2001:db8::1"));
    }

    @Test
    void keysWithoutAnIdOrOfAnotherRecordHaveNoOwner() {
        assertTrue(StatsHash.ownerOf("tom:stats:device:").isEmpty());
        assertTrue(StatsHash.isIdless("tom:stats:device:"));
        assertTrue(StatsHash.ownerOf(StatsHash.GLOBAL_KEY).isEmpty());
        assertTrue(StatsHash.ownerOf("tom:worker:heartbeat:w1").isEmpty());
        assertTrue(!StatsHash.isIdless(StatsHash.GLOBAL_KEY));
    }

    @Test
    void aJobEncodesAsTheIncrementsItsDecodingReadsBack() {
        JobOutcome success = JobOutcome.success("w1", "2001:db8::1", "j1", 1.5, NOW);
        JobOutcome auth = JobOutcome.failure("w1", "2001:db8::1", ErrorType.AUTH, "j2", "c", "e", "cred", 1, 0.2, NOW);
        assertEquals(List.of("complete"), StatsHash.incrementsFor(success));
        assertEquals(List.of("failed", "auth_failed"), StatsHash.incrementsFor(auth));
        assertEquals(List.of("tom:stats:worker:w1", "tom:stats:device:2001:db8::1", "tom:stats:global"),
                StatsHash.keysFor(auth));

        // what HMGET of the FIELDS answers after those two increments
        List<byte[]> replies = StatsHash.FIELDS.stream()
                .map(field -> StatsHash.incrementsFor(success).contains(field)
                        || StatsHash.incrementsFor(auth).contains(field) ? bytes("1") : null)
                .toList();
        JobCounts counts = StatsHash.decode(replies, new MalformedRecords()).orElseThrow();
        assertEquals(1, counts.complete());
        assertEquals(1, counts.failed());
        assertEquals(1, counts.failed(ErrorType.AUTH));
        assertEquals(JobCounts.ABSENT, counts.failed(ErrorType.TIMEOUT));
        assertEquals(2, counts.total());
    }

    @Test
    void aHashWithNoKnownFieldDecodesAsNothingAndBadValuesAreCounted() {
        MalformedRecords malformed = new MalformedRecords();
        assertTrue(StatsHash.decode(Arrays.asList(new byte[7][]), malformed).isEmpty());
        assertEquals(0, malformed.count(MalformedRecords.Kind.STATS));

        JobCounts counts = StatsHash.decode(Arrays.asList(bytes("abc"), bytes("2"), bytes("-3"), null, null, null,
                null), malformed).orElseThrow();
        assertEquals(JobCounts.ABSENT, counts.complete());
        assertEquals(2, counts.failed());
        assertEquals(2, malformed.count(MalformedRecords.Kind.STATS));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aHashWhoseTotalDoesNotFitIsCountedAndSkippedWhole() {
        MalformedRecords malformed = new MalformedRecords();
        assertTrue(StatsHash.decode(Arrays.asList(bytes("9223372036854775807"), bytes("1"), null, null, null, null,
                null), malformed).isEmpty());
        assertEquals(1, malformed.count(MalformedRecords.Kind.STATS));
        JobCounts biggest = StatsHash.decode(Arrays.asList(bytes("9223372036854775807"), null, null, null, null, null,
                null), malformed).orElseThrow();
        assertEquals(Long.MAX_VALUE, biggest.total(), "the largest count that fits, alone, is fine");
        assertEquals(1, malformed.count(MalformedRecords.Kind.STATS));
    }

    @Test
    void theReservedIdsCannotBeWritten() {
        for (String reserved : new String[] {"all", "_other"}) {
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> JobOutcome.success(reserved, "d", "j", 1, NOW)).getMessage()
                    .contains("worker '" + reserved + "' is reserved"));
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> JobOutcome.success("w", reserved, "j", 1, NOW)).getMessage()
                    .contains("device '" + reserved + "' is reserved"));
        }
    }
}
