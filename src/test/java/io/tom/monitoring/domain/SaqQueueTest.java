package io.tom.monitoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SaqQueueTest {

    @Test
    void keysAreSaqsOwn() {
        assertEquals("saq:default:queued", SaqQueue.queuedKey("default"));
        assertEquals("saq:default:active", SaqQueue.activeKey("default"));
        assertEquals("saq:job:default:sim-1", SaqQueue.jobId("default", "sim-1"));
    }
}
