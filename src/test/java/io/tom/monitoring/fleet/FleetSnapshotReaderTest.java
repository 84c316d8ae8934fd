package io.tom.monitoring.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.redis.RedisClientFactory;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisSettings;
import io.tom.monitoring.support.RedisServerExtension;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ClientKillParams;

/** The SCAN-and-pipeline driver against a real redis-server, through the controller's own client. */
class FleetSnapshotReaderTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final int DEVICES = 3000;

    private RedisConnections connections;
    private final java.util.concurrent.ExecutorService decoders = java.util.concurrent.Executors.newCachedThreadPool();
    private RedisClient redis;

    @BeforeEach
    void writeFleet() {
        redis = REDIS.client();
        redis.flushAll();
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        fleet.globalStats(Map.of("complete", 7)).workerStats("w1", Map.of("complete", 4))
                .heartbeat("w1", now - 1).lease("2001:db8::1", 830, "job-1", now + 100).queued("default", 3);
        for (int i = 0; i < DEVICES; i++) {
            redis.hset("tom:stats:device:10.0." + (i / 250) + "." + (i % 250), "complete", String.valueOf(i + 1));
        }
        redis.set("tom:stats:worker:wrong-type", "5");
        redis.set("tom:worker:heartbeat:not-json", "{");
        connections = RedisClientFactory.connect(RedisSettings.of(RedisSettings.parseUrl(REDIS.server().url()),
                List.of(), 2000, 4, io.tom.monitoring.redis.RedisTls.none()));
    }

    @AfterEach
    void close() {
        connections.close();
        decoders.shutdownNow();
    }

    @Test
    void readsEachPartOnlyWhenAsked() {
        FleetSnapshotReader reader = new FleetSnapshotReader(connections, List.of("default"), 1000, decoders);
        FleetSnapshot all = reader.read();
        assertEquals(DEVICES, all.devices().size());
        assertEquals(Map.of("w1", 4L), Map.of("w1", all.workers().get("w1").complete()));
        assertEquals(1, all.heartbeats().size());
        assertEquals(1, all.leases().size());
        assertEquals("2001:db8::1", all.leases().get(0).host());
        assertEquals(3, all.queues().get(0).queued());
        assertEquals(7, all.global().orElseThrow().complete());
        assertEquals(1, all.malformed().count(MalformedRecords.Kind.STATS));
        assertEquals(1, all.malformed().count(MalformedRecords.Kind.HEARTBEAT));

        FleetSnapshot heartbeats = reader.read(EnumSet.of(FleetSnapshotReader.Part.HEARTBEATS));
        assertTrue(heartbeats.devices().isEmpty() && heartbeats.global().isEmpty() && heartbeats.leases().isEmpty());
        assertEquals(1, heartbeats.heartbeats().size());
    }

    @Test
    void aConnectionKilledMidScanIsReadAgainWithoutCountingAnythingTwice() throws Exception {
        // one key per SCAN page: the scan takes thousands of round trips, time enough to kill its connection
        FleetSnapshotReader reader = new FleetSnapshotReader(connections, List.of("default"), 1, decoders);
        FleetSnapshot undisturbed = reader.read();

        AtomicBoolean killed = new AtomicBoolean();
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            try (Jedis admin = new Jedis("127.0.0.1", REDIS.server().port())) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!killed.get() && System.nanoTime() < deadline) {
                    for (String client : admin.clientList().split("\n")) {
                        if (client.contains("name=tom-monitoring") && client.contains("cmd=scan")) {
                            admin.clientKill(ClientKillParams.clientKillParams().id(client.substring(3, client.indexOf(' '))));
                            killed.set(true);
                        }
                    }
                }
            }
        });
        FleetSnapshot disturbed = reader.read();
        killer.get(15, TimeUnit.SECONDS);

        assertTrue(killed.get(), "the scanning connection was killed mid-scan");
        assertEquals(undisturbed.devices().size(), disturbed.devices().size());
        assertEquals(undisturbed.redisRoundTrips(), disturbed.redisRoundTrips(), "round trips of the read that counted");
        for (MalformedRecords.Kind kind : MalformedRecords.Kind.values()) {
            assertEquals(undisturbed.malformed().count(kind), disturbed.malformed().count(kind), kind.label());
        }
    }
}
