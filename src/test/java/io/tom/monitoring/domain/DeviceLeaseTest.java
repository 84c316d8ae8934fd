package io.tom.monitoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeviceLeaseTest {

    @Test
    void hostAndPortSplitAtTheLastColon() {
        assertEquals(Optional.of(new DeviceLease.Key("2001:db8::1", "830")), DeviceLease.parseKey("device_lease:2001:db8::1:830"));
        assertEquals(Optional.of(new DeviceLease.Key("192.168.1.1", "22")), DeviceLease.parseKey("device_lease:192.168.1.1:22"));
        assertEquals(Optional.of(new DeviceLease.Key("core-sw-01", "22")), DeviceLease.parseKey("device_lease:core-sw-01:22"));
    }

    @Test
    void keysWithoutHostOrNumericPortAreRejected() {
        assertTrue(DeviceLease.parseKey("device_lease:router").isEmpty());
        assertTrue(DeviceLease.parseKey("device_lease::22").isEmpty());
        assertTrue(DeviceLease.parseKey("device_lease:router:").isEmpty());
        assertTrue(DeviceLease.parseKey("device_lease:router:ssh").isEmpty());
        assertTrue(DeviceLease.parseKey("other:router:22").isEmpty());
    }

    @Test
    void aKeyEncodesAsWorkersWriteItAndParsesBack() {
        assertEquals("device_lease:2001:db8::1:830", DeviceLease.key("2001:db8::1", 830));
        assertEquals(Optional.of(new DeviceLease.Key("2001:db8::1", "830")),
                DeviceLease.parseKey(DeviceLease.key("2001:db8::1", 830)));
    }
}
