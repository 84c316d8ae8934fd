package io.tom.monitoring.fleet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.tom.monitoring.domain.DeviceLease;
import io.tom.monitoring.domain.DeviceShard;
import io.tom.monitoring.domain.Heartbeat;
import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.domain.StatsHash;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.Rawable;

/**
 * One attempt at reading the scanned records of one primary: each SCAN page becomes one pipeline
 * of reads, and its replies are decoded by the records on a helper thread ({@link PageDecoder})
 * while the next page is read. Everything it finds, counts included, stays in this object until
 * the attempt has succeeded, so a connection that dies mid-scan and is retried counts nothing twice.
 */
final class PrimaryRead {

    // unordered: a sorted map costs the decoding thread more than sorting the ids once afterwards
    final Map<String, JobCounts> workers = new HashMap<>();
    final Map<String, JobCounts> devices;
    final Map<String, Heartbeat> heartbeats = new TreeMap<>();
    final Map<String, DeviceLease> leases;
    final MalformedRecords malformed = new MalformedRecords();
    /** The entries of {@link #devices} in id (String) order, once {@link #sortDevices} has run. */
    List<Map.Entry<String, JobCounts>> devicesInOrder;
    int roundTrips;

    private final Jedis redis;
    private final PageDecoder decoder;
    private final Replies answers;
    private final DeviceShard shard;
    private final double redisNow;
    /** The ZCOUNT minimum that counts the leases still running at {@link #redisNow}. */
    private final Rawable unexpired;

    double redisNow() {
        return redisNow;
    }

    PrimaryRead(Jedis redis, Executor decoders, Replies answers, DeviceShard shard, double redisNow,
            FleetSize expected) {
        this.devices = expected.devicesMap();
        this.leases = expected.leasesMap();
        this.shard = shard;
        this.redis = redis;
        this.decoder = new PageDecoder(decoders);
        this.answers = answers;
        this.redisNow = redisNow;
        this.unexpired = UncopiedCommands.argument(DeviceLease.unexpiredAfter(redisNow));
    }

    void scan(String pattern, int scanCount, boolean leasePattern) {
        // the pages' pipelines count themselves while SCAN runs
        int scans = ScanPages.forEach(redis, pattern, scanCount, leasePattern ? this::readLeases : this::readTomKeys,
                this::countInvalidKey);
        roundTrips += scans;
    }

    /**
     * Sorts the devices by id on the decoding thread, after the pages read so far and before the
     * next, and hands them to {@code whenSorted} there: the rows are then written in order without
     * looking a device up.
     */
    void sortDevices(Consumer<List<Map.Entry<String, JobCounts>>> whenSorted) {
        decoder.submit(() -> {
            List<Map.Entry<String, JobCounts>> inOrder = new ArrayList<>(devices.entrySet());
            inOrder.sort(Map.Entry.comparingByKey());
            devicesInOrder = Collections.unmodifiableList(inOrder);
            whenSorted.accept(devicesInOrder);
        });
    }

    /** Waits for the decoding of every page; a decoding failure is thrown here. */
    PrimaryRead finish() {
        decoder.finish();
        return this;
    }

    /** Waits for the pages already handed over, ignoring their outcome: the attempt failed anyway. */
    void abandon() {
        try {
            decoder.finish();
        } catch (RuntimeException ignored) {
            // the read's own failure is the one reported
        }
    }

    private void readTomKeys(ScanPages.KeyPage page) {
        List<String> keys = page.keys();
        List<String> workerIds = new ArrayList<>();
        List<Response<List<byte[]>>> workerReplies = new ArrayList<>();
        // nearly every key of a large fleet's page is a device's
        List<String> deviceIds = new ArrayList<>(keys.size());
        List<Response<List<byte[]>>> deviceReplies = new ArrayList<>(keys.size());
        List<String> heartbeatIds = new ArrayList<>();
        List<Response<String>> heartbeatReplies = new ArrayList<>();
        try (Pipeline pipeline = redis.pipelined()) {
            for (int k = 0; k < keys.size(); k++) {
                String key = keys.get(k);
                Optional<StatsHash.Owner> owner = StatsHash.ownerOf(key);
                if (owner.isPresent()) {
                    boolean worker = owner.get().scope() == StatsHash.Scope.WORKER;
                    if (worker ? !shard.holdsFleet() : !shard.owns(owner.get().id())) {
                        continue;
                    }
                    (worker ? workerIds : deviceIds).add(owner.get().id());
                    (worker ? workerReplies : deviceReplies).add(UncopiedCommands.statsFields(pipeline, page.bytes().get(k)));
                } else if (!shard.holdsFleet()) {
                    // what is not one device's record is read, and counted when malformed, by shard 0
                    continue;
                } else if (StatsHash.isIdless(key)) {
                    malformed.record(MalformedRecords.Kind.STATS);
                } else if (key.startsWith(Heartbeat.PREFIX)) {
                    String id = key.substring(Heartbeat.PREFIX.length());
                    if (id.isEmpty()) {
                        malformed.record(MalformedRecords.Kind.HEARTBEAT);
                    } else {
                        heartbeatIds.add(id);
                        heartbeatReplies.add(pipeline.get(key));
                    }
                }
            }
            if (workerIds.isEmpty() && deviceIds.isEmpty() && heartbeatIds.isEmpty()) {
                return;
            }
            pipeline.sync();
            roundTrips++;
        }
        decoder.submit(() -> {
            decodeStats(workerIds, workerReplies, workers);
            decodeStats(deviceIds, deviceReplies, devices);
            decodeHeartbeats(heartbeatIds, heartbeatReplies);
        });
    }

    /** A key that is not valid UTF-8, counted under the record it would be by its (ASCII) prefix. */
    private void countInvalidKey(String shown) {
        if (!shard.holdsFleet()) {
            return;
        }
        if (shown.startsWith(DeviceLease.PREFIX)) {
            malformed.record(MalformedRecords.Kind.LEASE);
        } else if (shown.startsWith(Heartbeat.PREFIX)) {
            malformed.record(MalformedRecords.Kind.HEARTBEAT);
        } else if (shown.startsWith(StatsHash.PREFIX)) {
            malformed.record(MalformedRecords.Kind.STATS);
        }
    }

    private void readLeases(ScanPages.KeyPage page) {
        List<String> keys = page.keys();
        List<DeviceLease.Key> parsed = new ArrayList<>();
        List<Response<Long>> replies = new ArrayList<>();
        try (Pipeline pipeline = redis.pipelined()) {
            for (int k = 0; k < keys.size(); k++) {
                String key = keys.get(k);
                Optional<DeviceLease.Key> lease = DeviceLease.parseKey(key);
                if (lease.isEmpty()) {
                    if (shard.holdsFleet()) {
                        malformed.record(MalformedRecords.Kind.LEASE);
                    }
                    continue;
                }
                if (!shard.owns(lease.get().host())) {
                    continue;
                }
                parsed.add(lease.get());
                replies.add(UncopiedCommands.countFrom(pipeline, page.bytes().get(k), unexpired));
            }
            if (parsed.isEmpty()) {
                return;
            }
            pipeline.sync();
            roundTrips++;
        }
        decoder.submit(() -> {
            for (int i = 0; i < parsed.size(); i++) {
                Long active = answers.valueOf(replies.get(i), malformed, MalformedRecords.Kind.LEASE);
                if (active != null) {
                    DeviceLease.Key key = parsed.get(i);
                    leases.put(key.host() + ":" + key.port(), new DeviceLease(key.host(), key.port(), active));
                }
            }
        });
    }

    private void decodeStats(List<String> ids, List<Response<List<byte[]>>> replies, Map<String, JobCounts> into) {
        for (int i = 0; i < ids.size(); i++) {
            List<byte[]> values = answers.valueOf(replies.get(i), malformed, MalformedRecords.Kind.STATS);
            Optional<JobCounts> counts = values == null ? Optional.empty() : StatsHash.decode(values, malformed);
            if (counts.isPresent()) {
                into.put(ids.get(i), counts.get());
            }
        }
    }

    private void decodeHeartbeats(List<String> ids, List<Response<String>> replies) {
        for (int i = 0; i < ids.size(); i++) {
            String raw = answers.valueOf(replies.get(i), malformed, MalformedRecords.Kind.HEARTBEAT);
            if (raw != null) {
                Heartbeat heartbeat = Heartbeat.decode(ids.get(i), raw);
                if (heartbeat == null || heartbeat.datedBeyondItsLifetime(redisNow)) {
                    malformed.record(MalformedRecords.Kind.HEARTBEAT);
                } else {
                    heartbeats.put(heartbeat.workerId(), heartbeat);
                }
            }
        }
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
