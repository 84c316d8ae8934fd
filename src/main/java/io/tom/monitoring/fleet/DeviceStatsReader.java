package io.tom.monitoring.fleet;

import java.util.List;
import java.util.Optional;

import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.domain.StatsHash;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisRefusal;
import redis.clients.jedis.exceptions.JedisDataException;

/** One device's stats hash, for the endpoints that ask about a single device. */
public final class DeviceStatsReader {

    private final RedisConnections connections;

    public DeviceStatsReader(RedisConnections connections) {
        this.connections = connections;
    }

    /** The device's counters; empty when Redis holds none (or not a hash) under its key. */
    public Optional<JobCounts> read(String device) {
        return connections.keyed(redis -> {
            List<byte[]> values;
            try {
                values = redis.hmget(PrimaryRead.bytes(StatsHash.deviceKey(device)), StatsHash.fieldArguments());
            } catch (JedisDataException wrongType) {
                RedisRefusal.rethrowRefusal(wrongType);
                return Optional.empty();
            }
            return StatsHash.decode(values, new MalformedRecords());
        });
    }
}
