package io.tom.monitoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SaqJobTest {

    @Test
    void aJobEncodesAsSaqWritesItAndItsQueuedTimeDecodesBack() {
        SaqJob job = new SaqJob("sim-1", "default", "run_command", 1_795_000_000_123L, 0, 0, "queued");
        assertEquals("saq:job:default:sim-1", job.id());
        assertEquals(1_795_000_000_123L, SaqJob.queuedMillis(job.encode()));
        assertEquals(1_795_000_000_123L, SaqJob.queuedMillis("{\"function\": \"f\", \"queued\": 1795000000123,"
                + " \"started\": 0, \"status\": \"queued\"}"));
    }

    @Test
    void jobsWithoutAnIntegerQueuedTimeAreMalformed() {
        for (String bad : new String[] {"", "not json", "[1]", "{}", "{\"queued\": \"soon\"}", "{\"queued\": -5}",
                "{\"queued\": null}"}) {
            assertEquals(-1, SaqJob.queuedMillis(bad), bad);
        }
    }
}
