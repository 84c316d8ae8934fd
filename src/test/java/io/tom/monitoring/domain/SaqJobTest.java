package io.tom.monitoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SaqJobTest {

    @Test
    void aJobEncodesAsSaqWritesItAndItsQueuedTimeDecodesBack() {
        SaqJob job = SaqJob.queued("default", "sim-1", "run_command", 1_795_000_000_123L);
        assertEquals("saq:job:default:sim-1", job.id());
        assertEquals(1_795_000_000_123L, SaqJob.queuedMillis(job.encode()));
        assertEquals(1_795_000_000_123L, SaqJob.queuedMillis(job.started(1_795_000_001_000L).finished(
                1_795_000_002_000L, true).encode()), "the queued time stays through the job's life");
        assertEquals("active", job.started(1).status());
        assertEquals(1, job.started(1).attempts());
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
