package io.tom.monitoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FailedCommandTest {

    private static final long NOW = 1_795_000_000L;

    @Test
    void aFailureEncodesWithTheUpstreamLimitsAndDecodesBack() {
        JobOutcome job = JobOutcome.failure("worker-1", "2001:db8::1", ErrorType.AUTH, "job-2", "x".repeat(600),
                "y".repeat(1200), "cred-7", 2, 0.5, NOW);
        Map<String, String> entry = FailedCommand.encode(job);
        assertEquals(List.of("device", "command", "error", "error_type", "job_id", "worker_id", "credential_id",
                "attempts", "timestamp"), List.copyOf(entry.keySet()));
        assertEquals(500, entry.get("command").length());
        assertEquals(1000, entry.get("error").length());

        FailedCommand decoded = FailedCommand.decode("1795000000123-0", 1795000000123L, entry);
        assertEquals(new FailedCommand("1795000000123-0", 1795000000123L, "2001:db8::1", "x".repeat(500),
                "y".repeat(1000), "auth", "job-2", "worker-1", "cred-7", 2), decoded);
    }

    @Test
    void aFailureWithoutOptionalFieldsEncodesThemEmpty() {
        JobOutcome job = JobOutcome.failure("w", "d", ErrorType.OTHER, null, null, null, null, 1, 0.1, NOW);
        Map<String, String> entry = FailedCommand.encode(job);
        assertEquals("", entry.get("job_id"));
        assertEquals("", entry.get("command"));
        assertEquals("", entry.get("credential_id"));
        assertThrows(IllegalArgumentException.class,
                () -> FailedCommand.encode(JobOutcome.success("w", "d", "j", 1, NOW)));
    }

    @Test
    void entriesMissingRequiredFieldsOrWithBadAttemptsDecodeAsNothing() {
        Map<String, String> good = new LinkedHashMap<>(Map.of("device", "d", "error_type", "timeout",
                "command", "show run", "error", "timed out"));
        assertEquals(null, FailedCommand.decode("1-0", 1, good).attempts());
        for (String required : List.of("device", "error_type", "command", "error")) {
            Map<String, String> lacking = new HashMap<>(good);
            lacking.remove(required);
            assertNull(FailedCommand.decode("1-0", 1, lacking), required);
        }
        Map<String, String> blankDevice = new HashMap<>(good);
        blankDevice.put("device", " ");
        assertNull(FailedCommand.decode("1-0", 1, blankDevice));
        Map<String, String> badAttempts = new HashMap<>(good);
        badAttempts.put("attempts", "two");
        assertNull(FailedCommand.decode("1-0", 1, badAttempts));
        badAttempts.put("attempts", " 3 ");
        assertEquals(3, FailedCommand.decode("1-0", 1, badAttempts).attempts());
    }
}
