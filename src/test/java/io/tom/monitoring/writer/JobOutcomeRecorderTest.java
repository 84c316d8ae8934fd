package io.tom.monitoring.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The job-outcome sink refuses, with the reason, what the job history would skip or what it could
 * only store altered: a duration the history rejects, attempts that are not a whole number in range
 * (1e12 was clamped silently), an id longer than an event's field may be.
 */
class JobOutcomeRecorderTest {

    private final JobOutcomeRecorder recorder = new JobOutcomeRecorder(null, Clock.systemUTC());

    @Test
    void whatTheHistoryWouldSkipOrAlterIsRefusedWithTheReason() {
        assertRefused(Map.of("attempts", 1e12), "attempts must be a whole number from 1 to 1000000, got '1.0E12'");
        assertRefused(Map.of("attempts", 2.5), "attempts must be a whole number");
        assertRefused(Map.of("attempts", 0), "attempts must be a whole number");
        assertRefused(Map.of("duration", 2e9), "duration must be a number of seconds from 0 to 1000000000");
        assertRefused(Map.of("device", "d".repeat(1025)), "device is longer than 1024 bytes");
    }

    @Test
    void aWellFormedOutcomeIsKeptExactly() {
        var outcome = recorder.toOutcome(job(Map.of("attempts", 3, "duration", 1e9)), null);
        assertEquals(3, outcome.attempts());
        assertEquals(1e9, outcome.durationSeconds());
    }

    private void assertRefused(Map<String, Object> fields, String reason) {
        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> recorder.toOutcome(job(fields),
                null));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    private static Map<String, Object> job(Map<String, Object> fields) {
        Map<String, Object> job = new HashMap<>(Map.of("status", "failed", "worker", "w1", "device", "10.0.0.1",
                "error_type", "auth", "command", "show version", "error", "denied"));
        job.putAll(fields);
        return job;
    }
}
