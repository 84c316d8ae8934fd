package io.tom.monitoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HeartbeatTest {

    @Test
    void aHeartbeatEncodesAsWorkersWriteItAndDecodesBack() {
        Heartbeat beat = new Heartbeat("worker-1", 1795000002.125, "host-1", "1.4.2", "running", 4242L);
        assertEquals("{\"worker_id\":\"worker-1\",\"hostname\":\"host-1\",\"timestamp\":1.795000002125E9,"
                + "\"version\":\"1.4.2\",\"status\":\"running\",\"pid\":4242}", beat.encode());
        assertEquals(beat, Heartbeat.decode("worker-1", beat.encode()));
        assertEquals("tom:worker:heartbeat:worker-1", Heartbeat.key("worker-1"));
    }

    @Test
    void aPythonWorkersHeartbeatDecodes() {
        Heartbeat beat = Heartbeat.decode("w2", "{\"worker_id\": \"w2\", \"hostname\": \"h\", \"timestamp\": 1763042861.073,"
                + " \"version\": \"1.4.8\", \"status\": \"idle\", \"pid\": 17, \"extra\": [1]}");
        assertEquals(new Heartbeat("w2", 1763042861.073, "h", "1.4.8", "idle", 17L), beat);
        assertEquals(new Heartbeat("w3", 5.0, null, null, null, null), Heartbeat.decode("w3", "{\"timestamp\": 5}"));
        assertEquals(null, Heartbeat.decode("w3", "{\"timestamp\": 5, \"pid\": \"x\"}").pid());
    }

    @Test
    void malformedHeartbeatsDecodeAsNothing() {
        assertNull(Heartbeat.decode("w", "not json at all"));
        assertNull(Heartbeat.decode("w", "[1, 2]"));
        assertNull(Heartbeat.decode("w", "{\"worker_id\": \"w\"}"));
        assertNull(Heartbeat.decode("w", "{\"timestamp\": \"yesterday\"}"));
        assertNull(Heartbeat.decode("w", "{\"timestamp\": null}"));
        assertNull(Heartbeat.decode("w", ""));
    }
}
