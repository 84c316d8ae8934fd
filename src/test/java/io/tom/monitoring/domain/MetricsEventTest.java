package io.tom.monitoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MetricsEventTest {

    private static final long NOW = 1_795_000_000L;

    @Test
    void aJobEncodesAsWorkersWriteItAndDecodesBack() {
        Map<String, String> success = MetricsEvent.encode(JobOutcome.success("worker-1", "2001:db8::1", "j1", 1.25, NOW));
        assertEquals(Map.of("timestamp", "1795000000", "worker", "worker-1", "device", "2001:db8::1",
                "status", "success", "error_type", "none", "duration", "1.25"), success);
        assertEquals(List.of("timestamp", "worker", "device", "status", "error_type", "duration"),
                List.copyOf(success.keySet()));
        assertEquals(new MetricsEvent(1795000000123L, "worker-1", "2001:db8::1", Optional.empty(), 1.25),
                MetricsEvent.decode(1795000000123L, success));

        Map<String, String> failure = MetricsEvent.encode(JobOutcome.failure("w", "d", ErrorType.GATING, "j2", "c", "e",
                "cred", 1, 0.5, NOW));
        MetricsEvent decoded = MetricsEvent.decode(1L, failure);
        assertEquals("failed", decoded.status());
        assertEquals("gating", decoded.errorTypeLabel());
        assertEquals(0.5, decoded.durationSeconds());
    }

    @Test
    void aJobWithoutDurationHasNoDurationField() {
        JobOutcome job = new JobOutcome("w", "d", null, null, "j", null, null, null, 1, NOW);
        Map<String, String> event = MetricsEvent.encode(job);
        assertEquals(false, event.containsKey("duration"));
        assertNull(MetricsEvent.decode(1L, event).durationSeconds());
        assertEquals("none", MetricsEvent.decode(1L, event).errorTypeLabel());
    }

    @Test
    void malformedEventsDecodeAsNothing() {
        Map<String, String> good = Map.of("timestamp", "1795000000", "worker", "w", "device", "d", "status", "failed",
                "error_type", "auth", "duration", "2.5");
        for (String required : List.of("timestamp", "worker", "device", "status", "error_type")) {
            Map<String, String> lacking = new HashMap<>(good);
            lacking.remove(required);
            assertNull(MetricsEvent.decode(1L, lacking), required);
        }
        for (Map.Entry<String, String> bad : List.of(Map.entry("status", "done"), Map.entry("error_type", "bogus"),
                Map.entry("error_type", "none"), Map.entry("duration", "-1"), Map.entry("duration", "NaN"),
                Map.entry("duration", "Infinity"), Map.entry("duration", "fast"), Map.entry("worker", " "))) {
            Map<String, String> malformed = new HashMap<>(good);
            malformed.put(bad.getKey(), bad.getValue());
            assertNull(MetricsEvent.decode(1L, malformed), bad.toString());
        }
        Map<String, String> successWithError = new HashMap<>(good);
        successWithError.put("status", "success");
        assertNull(MetricsEvent.decode(1L, successWithError), "a success names no error type");
    }
}
