package io.tom.monitoring.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class TomKeysTest {

    @Test
    void deviceIdIsEverythingAfterThePrefixEvenWithColons() {
        assertEquals(Optional.of("2001:db8::1"), TomKeys.idAfter(TomKeys.DEVICE_STATS_PREFIX, "tom:stats:device:2001:db8::1"));
        assertEquals(Optional.of("fe80::1%eth0"), TomKeys.idAfter(TomKeys.DEVICE_STATS_PREFIX, "tom:stats:device:fe80::1%eth0"));
        assertTrue(TomKeys.idAfter(TomKeys.DEVICE_STATS_PREFIX, "tom:stats:device:").isEmpty());
    }

    @Test
    void leaseHostAndPortSplitAtTheLastColon() {
        assertEquals(Optional.of(new TomKeys.LeaseKey("2001:db8::1", "830")), TomKeys.parseLease("device_lease:2001:db8::1:830"));
        assertEquals(Optional.of(new TomKeys.LeaseKey("192.168.1.1", "22")), TomKeys.parseLease("device_lease:192.168.1.1:22"));
        assertEquals(Optional.of(new TomKeys.LeaseKey("core-sw-01", "22")), TomKeys.parseLease("device_lease:core-sw-01:22"));
    }

    @Test
    void leaseKeysWithoutHostOrNumericPortAreRejected() {
        assertTrue(TomKeys.parseLease("device_lease:router").isEmpty());
        assertTrue(TomKeys.parseLease("device_lease::22").isEmpty());
        assertTrue(TomKeys.parseLease("device_lease:router:").isEmpty());
        assertTrue(TomKeys.parseLease("device_lease:router:ssh").isEmpty());
        assertTrue(TomKeys.parseLease("other:router:22").isEmpty());
    }

    @Test
    void keysAreBuiltAsWorkersWriteThem() {
        assertEquals("device_lease:2001:db8::1:830", TomKeys.deviceLease("2001:db8::1", 830));
        assertEquals("tom:stats:worker:worker-abc123", TomKeys.workerStats("worker-abc123"));
        assertEquals("saq:default:queued", TomKeys.queuedJobs("default"));
        assertEquals("auth_failed", TomKeys.failedField(ErrorType.AUTH));
    }
}
