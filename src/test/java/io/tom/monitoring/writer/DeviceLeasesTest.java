package io.tom.monitoring.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.support.RedisServerExtension;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** Device semaphores with the Tom workers' key, member, score and expiry semantics. */
class DeviceLeasesTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private RedisClient redis;
    private DeviceLeases leases;

    @BeforeEach
    void setUp() {
        redis = REDIS.client();
        redis.flushAll();
        leases = new DeviceLeases(RedisConnections.standalone(redis));
    }

    @Test
    void aLeaseIsAJobIdScoredByItsExpiryOnTheRedisClock() {
        double before = new TomFleetFixture(redis).redisTime();
        assertTrue(leases.acquire("2001:db8::1", 830, "job-1", 60, 1));
        double after = new TomFleetFixture(redis).redisTime();

        Double expiry = redis.zscore("device_lease:2001:db8::1:830", "job-1");
        assertTrue(expiry >= before + 60 && expiry <= after + 60, "expiry " + expiry);
        long ttl = redis.ttl("device_lease:2001:db8::1:830");
        assertTrue(ttl > 230 && ttl <= 240, "set TTL " + ttl);
    }

    @Test
    void aDeviceAtItsLimitRefusesAnotherJobUntilReleased() {
        assertTrue(leases.acquire("10.0.0.1", 22, "job-1", 60, 1));
        assertFalse(leases.acquire("10.0.0.1", 22, "job-2", 60, 1));
        assertTrue(leases.acquire("10.0.0.1", 22, "job-1", 60, 1), "the holder may renew");
        assertTrue(leases.acquire("10.0.0.1", 22, "job-2", 60, 2), "a limit of 2 admits a second job");

        leases.release("10.0.0.1", 22, "job-1");
        assertNull(redis.zscore("device_lease:10.0.0.1:22", "job-1"));
        assertTrue(leases.acquire("10.0.0.1", 22, "job-3", 60, 2));
    }

    @Test
    void expiredLeasesStayUntilTheNextAcquireCleansThem() {
        double now = new TomFleetFixture(redis).redisTime();
        redis.zadd("device_lease:10.0.0.2:22", now - 5, "crashed-job");
        assertEquals(1, redis.zcard("device_lease:10.0.0.2:22"));

        assertTrue(leases.acquire("10.0.0.2", 22, "job-4", 60, 1), "an expired lease does not hold the device");
        assertNull(redis.zscore("device_lease:10.0.0.2:22", "crashed-job"));
        assertEquals(1, redis.zcard("device_lease:10.0.0.2:22"));
    }
}
