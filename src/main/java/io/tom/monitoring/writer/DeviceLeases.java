package io.tom.monitoring.writer;

import java.util.List;

import io.tom.monitoring.domain.DeviceLease;
import io.tom.monitoring.redis.LuaScript;
import io.tom.monitoring.redis.RedisConnections;

/**
 * Device semaphores compatible with the Tom workers' ({@link DeviceLease}): a sorted set of job
 * ids scored by lease expiry (Redis clock, epoch seconds). An acquire first
 * drops the expired members, takes a place if fewer than {@code limit} remain, and keeps the set
 * alive 240 s from then; all of it in one Lua script on one key, so it is atomic and valid on a
 * Redis Cluster.
 */
public final class DeviceLeases {

    private static final LuaScript ACQUIRE = LuaScript.load("device-lease-acquire");

    private final RedisConnections connections;

    public DeviceLeases(RedisConnections connections) {
        this.connections = connections;
    }

    /** True when {@code jobId} now holds a lease on the device for {@code ttlSeconds}. */
    public boolean acquire(String host, int port, String jobId, double ttlSeconds, int limit) {
        Object acquired = connections.keyed(redis -> ACQUIRE.eval(redis, List.of(DeviceLease.key(host, port)),
                List.of(jobId, String.valueOf(ttlSeconds), String.valueOf(limit), String.valueOf(DeviceLease.SET_TTL_SECONDS))));
        return Long.valueOf(1).equals(acquired);
    }

    public void release(String host, int port, String jobId) {
        connections.keyed(redis -> redis.zrem(DeviceLease.key(host, port), jobId));
    }
}
