package io.tom.monitoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The documented hash: CRC-32 of the id's UTF-8 bytes, mod the total (Python: zlib.crc32(id.encode()) % total). */
class DeviceShardTest {

    @Test
    void aDeviceBelongsToTheShardItsIdsCrc32Names() {
        // the figures Python's zlib.crc32 gives, as docs/operations.md says anyone can compute them
        assertEquals(3, DeviceShard.of("10.0.0.1", 8));
        assertEquals(6, DeviceShard.of("2001:db8::1", 8));
        assertEquals(7, DeviceShard.of("core-router-1", 8));
        assertEquals(0, DeviceShard.of("core-router-1", 3));
        assertEquals(5, DeviceShard.of("é-device", 8), "UTF-8 bytes, not UTF-16");
    }

    @Test
    void everyDeviceIsInExactlyOneShard() {
        for (int d = 0; d < 10_000; d++) {
            String device = "device-" + d;
            int owners = 0;
            for (int shard = 0; shard < 5; shard++) {
                owners += new DeviceShard(shard, 5).owns(device) ? 1 : 0;
            }
            assertEquals(1, owners, device);
            assertTrue(DeviceShard.WHOLE_FLEET.owns(device));
        }
    }

    @Test
    void onlyShardZeroHoldsTheFleetWideSeries() {
        assertTrue(new DeviceShard(0, 4).holdsFleet());
        assertFalse(new DeviceShard(3, 4).holdsFleet());
        assertTrue(DeviceShard.WHOLE_FLEET.holdsFleet());
        assertFalse(DeviceShard.WHOLE_FLEET.sharded());
        assertThrows(IllegalArgumentException.class, () -> new DeviceShard(4, 4));
        assertThrows(IllegalArgumentException.class, () -> new DeviceShard(0, 0));
    }
}
