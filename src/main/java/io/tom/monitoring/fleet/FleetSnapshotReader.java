package io.tom.monitoring.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import io.tom.monitoring.domain.DeviceLease;
import io.tom.monitoring.domain.DeviceShard;
import io.tom.monitoring.domain.Heartbeat;
import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.StatsHash;
import io.tom.monitoring.redis.RedisConnections;
import redis.clients.jedis.Jedis;

/**
 * Reads a {@link FleetSnapshot} from Redis: SCAN with COUNT for the keys, and one pipelined batch
 * of reads per SCAN page ({@link PrimaryRead}), so a fleet of N devices costs about 2N/COUNT round
 * trips rather than N. Each primary is read on one connection (every master of a Redis Cluster in
 * turn); the records of fixed names come in one more pipeline ({@link FixedKeys}). The records
 * decode themselves; what is exported, and how, is the caller's business.
 *
 * <p>Connection failures propagate as {@link redis.clients.jedis.exceptions.JedisException}; a
 * malformed record is skipped and counted in {@link FleetSnapshot#malformed()}.
 */
public final class FleetSnapshotReader {

    private static final String TOM_KEYS_PATTERN = ScanPages.covering(StatsHash.PATTERN, Heartbeat.PATTERN);

    private final RedisConnections connections;
    private final List<String> queues;
    private final int scanCount;
    private final ExecutorService decoders;
    private final Replies answers;
    /**
     * The devices and leases the last read found: the next read's maps start that large instead of
     * doubling their way up (rehashing 200,000 devices a dozen times was a tenth of the decoding).
     */
    private volatile FleetSize lastSize = new FleetSize(0, 0);

    /** Whether Redis answers PING within {@code limit}: asked when a read overran its budget. */
    public boolean redisAnswersWithin(java.time.Duration limit) {
        return connections.answersWithin(limit);
    }

    /** {@code decoders} decode pages while the next ones are read; the owner shuts it down. */
    public FleetSnapshotReader(RedisConnections connections, List<String> queues, int scanCount,
            ExecutorService decoders) {
        this.connections = connections;
        this.decoders = decoders;
        this.answers = new Replies(connections.refusals());
        this.queues = List.copyOf(queues);
        this.scanCount = scanCount;
    }

    /** What a reader is asked for; an endpoint that needs less reads less. */
    public enum Part {
        /** {@code tom:stats:global}, {@code tom:stats:worker:*}, {@code tom:stats:device:*} */
        STATS,
        HEARTBEATS,
        LEASES,
        QUEUES,
        STREAMS,
        /**
         * With STATS, the devices in id (String) order, the exposition's: sorted on the decoding
         * thread while the leases are scanned, so a scrape of 200,000 devices does not wait for it.
         */
        DEVICE_ORDER
    }

    /** The whole fleet, as a scrape needs it. */
    public FleetSnapshot read() {
        return read(EnumSet.allOf(Part.class));
    }

    /** Only the given parts; the others are empty in the snapshot. */
    public FleetSnapshot read(Set<Part> parts) {
        return read(parts, DeviceShard.WHOLE_FLEET);
    }

    /**
     * Only the given parts, and of the devices only those of {@code shard}: the other devices'
     * hashes and leases are not read, and a shard other than 0 reads nothing that is not one
     * device's (no worker, heartbeat, queue, stream or fleet-wide record).
     */
    public FleetSnapshot read(Set<Part> parts, DeviceShard shard) {
        return read(parts, shard, devicesInOrder -> { });
    }

    /**
     * As {@link #read(Set, DeviceShard)}, and with {@link Part#DEVICE_ORDER}, hands
     * {@code whenSorted} the devices in id order (the very list the snapshot's
     * {@code devicesInIdOrder} holds) on the decoding thread while the leases are still being
     * read: work on the sorted fleet then costs the scrape no time of its own. Not called on a
     * Redis Cluster, whose primaries' orders are merged only after the read; called again when a
     * read is retried (the last call gives the snapshot's list).
     */
    public FleetSnapshot read(Set<Part> parts, DeviceShard shard,
            Consumer<List<Map.Entry<String, JobCounts>>> whenSorted) {
        String tomPattern = tomKeysPattern(parts);
        boolean leases = parts.contains(Part.LEASES);
        boolean deviceOrder = parts.contains(Part.DEVICE_ORDER) && parts.contains(Part.STATS);
        // each primary holds its own share of the keys (all of them on a single Redis)
        List<PrimaryRead> primaries = connections.onEachPrimary(redis -> {
            PrimaryRead read = new PrimaryRead(redis, decoders, answers, shard, redisTimeSeconds(redis), lastSize);
            read.roundTrips++;
            try {
                if (tomPattern != null) {
                    read.scan(tomPattern, scanCount, false);
                    if (deviceOrder) {
                        read.sortDevices(connections.isCluster() ? devicesInOrder -> { } : whenSorted);
                    }
                }
                if (leases) {
                    read.scan(DeviceLease.PATTERN, scanCount, true);
                }
            } catch (RuntimeException e) {
                // the pages handed to the decoders finish before the next attempt starts
                read.abandon();
                throw e;
            }
            return read.finish();
        });
        PrimaryRead all = primaries.get(0);
        for (PrimaryRead other : primaries.subList(1, primaries.size())) {
            all.workers.putAll(other.workers);
            all.devices.putAll(other.devices);
            all.heartbeats.putAll(other.heartbeats);
            all.leases.putAll(other.leases);
            all.malformed.addAll(other.malformed);
            all.roundTrips += other.roundTrips;
        }
        lastSize = new FleetSize(all.devices.size(), all.leases.size());
        boolean fleet = shard.holdsFleet();
        FixedKeys fixed = FixedKeys.read(connections, fleet && parts.contains(Part.STATS),
                fleet && parts.contains(Part.QUEUES) ? queues : List.of(), fleet && parts.contains(Part.STREAMS),
                all.malformed);
        return new FleetSnapshot(all.redisNow(), fixed.global, all.workers, all.devices,
                deviceOrder ? Optional.of(devicesInOrder(primaries)) : Optional.empty(), all.heartbeats,
                List.copyOf(all.leases.values()), fixed.queues, fixed.streamLengths, all.malformed,
                all.roundTrips + 1);
    }

    /** Each primary's devices are sorted already (and no id is on two primaries): only the merge is left. */
    private static List<Map.Entry<String, JobCounts>> devicesInOrder(List<PrimaryRead> primaries) {
        if (primaries.size() == 1) {
            return primaries.get(0).devicesInOrder;
        }
        List<Map.Entry<String, JobCounts>> merged = new ArrayList<>();
        for (PrimaryRead primary : primaries) {
            merged.addAll(primary.devicesInOrder);
        }
        // sorted runs, which the sort merges
        merged.sort(Map.Entry.comparingByKey());
        return Collections.unmodifiableList(merged);
    }

    /** The Redis server clock, so lease expiry is judged exactly as Redis and the workers judge it. */
    static double redisTimeSeconds(Jedis redis) {
        List<String> reply = redis.time();
        return Long.parseLong(reply.get(0)) + Long.parseLong(reply.get(1)) / 1_000_000.0;
    }

    /** The narrowest SCAN pattern covering the requested stats hashes and heartbeats. */
    private static String tomKeysPattern(Set<Part> parts) {
        boolean stats = parts.contains(Part.STATS);
        boolean heartbeats = parts.contains(Part.HEARTBEATS);
        if (stats && heartbeats) {
            return TOM_KEYS_PATTERN;
        }
        if (stats) {
            return StatsHash.PATTERN;
        }
        return heartbeats ? Heartbeat.PATTERN : null;
    }

}
