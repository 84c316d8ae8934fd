package io.tom.monitoring.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tom.monitoring.domain.JobHistory;
import io.tom.monitoring.fleet.FleetSnapshotReader;
import io.tom.monitoring.redis.LuaScript;
import io.tom.monitoring.redis.RedisConnections;
import org.apache.camel.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Which devices keep series of their own under a device limit, kept in Redis so every controller
 * exports the same ones, and refreshed on a slow schedule so membership changes rarely: at each
 * interval one controller (whichever takes the refresh lock first) ranks the devices' stats hashes
 * and replaces the set in one step. The job-history consumer counts the jobs of every other
 * device into the durable {@code _other} rows.
 */
public final class ShownDevices {

    /** Marks a set that exists even when it shows no device. */
    static final String MARKER = "";

    /** Replaces the set in one step (the marker first, so an empty ranking still leaves the set). */
    private static final LuaScript REPLACE_SET = LuaScript.load("shown-devices-replace");

    private static final Logger LOG = LoggerFactory.getLogger(ShownDevices.class);

    private final RedisConnections connections;
    private final FleetSnapshotReader reader;
    private final DeviceSeriesLimit limit;
    private final Duration interval;
    private final String owner;

    public ShownDevices(RedisConnections connections, FleetSnapshotReader reader, DeviceSeriesLimit limit,
            Duration interval, String owner) {
        this.connections = connections;
        this.reader = reader;
        this.limit = limit;
        this.interval = interval;
        this.owner = owner;
    }

    /** Ranks the devices again unless another controller did within the interval; true when this one did. */
    @Handler
    public boolean refresh() {
        if (limit.keepsEveryDevice()) {
            return false;
        }
        String taken = connections.keyed(redis -> redis.set(JobHistory.SHOWN_DEVICES_LOCK, owner,
                SetParams.setParams().nx().px(interval.toMillis())));
        if (!"OK".equals(taken)) {
            return false;
        }
        try {
            replace(limit.ranked(reader.read(EnumSet.of(FleetSnapshotReader.Part.STATS)).devices()));
            return true;
        } catch (JedisException e) {
            LOG.warn("Device series: ranking the devices failed ({}); retrying at the next refresh", e.getMessage());
            try {
                connections.keyed(redis -> redis.del(JobHistory.SHOWN_DEVICES_LOCK));
            } catch (JedisException stillDown) {
                // the lock expires with the interval
            }
            return false;
        }
    }

    private void replace(Set<String> shown) {
        List<String> members = new ArrayList<>(shown.size() + 1);
        members.add(MARKER);
        members.addAll(shown);
        Set<String> before = read().orElse(Set.of());
        connections.keyed(redis -> REPLACE_SET.eval(redis,
                List.of(JobHistory.SHOWN_DEVICES), members));
        Set<String> added = new HashSet<>(shown);
        added.removeAll(before);
        LOG.info("Device series: {} devices shown ({} new), the others counted under _other until the next"
                + " ranking in {}", shown.size(), added.size(), interval);
    }

    /** The devices shown, as the last refresh left them; empty before the first. */
    public Optional<Set<String>> read() {
        Set<String> members = connections.keyed(redis -> redis.smembers(JobHistory.SHOWN_DEVICES));
        if (members.isEmpty()) {
            return Optional.empty();
        }
        Set<String> shown = new HashSet<>(members);
        shown.remove(MARKER);
        return Optional.of(shown);
    }
}
