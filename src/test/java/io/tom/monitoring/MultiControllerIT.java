package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.ControllerHttp;
import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.RedisServerExtension;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/** Controllers are stateless: two on one Redis answer identically and trim the streams safely together. */
class MultiControllerIT {

    private static final int MAXLEN = 50;

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @TempDir
    Path workingDir;

    @Test
    void twoControllersAnswerIdenticallyAndTrimTogetherExactly() throws Exception {
        RedisClient redis = REDIS.client();
        TomFleetFixture fleet = new TomFleetFixture(redis);
        double now = fleet.redisTime();
        fleet.goldenFleet(now, now - 2);

        int portA = RedisServer.freePort();
        int portB = RedisServer.freePort();
        try (ControllerProcess a = ControllerProcess.start(workingDir, environment(portA));
                ControllerProcess b = ControllerProcess.start(workingDir, environment(portB))) {
            a.awaitHealthy(portA, Duration.ofSeconds(60));
            b.awaitHealthy(portB, Duration.ofSeconds(60));
            Await.until(() -> Double.valueOf(0).equals(ControllerHttp.value(portA, "tom_job_events_lag")),
                    Duration.ofSeconds(20));

            assertEquals(fleetSamples(portA), fleetSamples(portB));
            assertEquals(withoutQueueLatency(Json.parse(get(portA, "/api/monitoring/stats/summary"))),
                    withoutQueueLatency(Json.parse(get(portB, "/api/monitoring/stats/summary"))));
            assertEquals(Json.parse(get(portA, "/api/monitoring/failed_commands")),
                    Json.parse(get(portB, "/api/monitoring/failed_commands")));

            long before = redis.xlen("tom:failed_commands");
            List<StreamEntryID> written = Collections.synchronizedList(new ArrayList<>());
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                done.add(writers.submit(() -> {
                    try (RedisClient client = REDIS.server().client()) {
                        for (int i = 0; i < 750; i++) {
                            written.add(client.xadd("tom:failed_commands", XAddParams.xAddParams(), Map.of("device",
                                    "10.0.0.1", "error_type", "network", "command", "c", "error", "e")));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            writers.shutdown();

            Await.until(() -> redis.xlen("tom:failed_commands") == MAXLEN, Duration.ofSeconds(20));
            List<StreamEntryID> newest = written.stream().sorted().skip(written.size() - MAXLEN).toList();
            assertEquals(newest, redis.xrange("tom:failed_commands", "-", "+").stream().map(StreamEntry::getID).toList());
            Await.until(() -> trimmed(portA) + trimmed(portB) == before + written.size() - MAXLEN,
                    Duration.ofSeconds(20));
        }
    }

    private static Map<String, String> environment(int port) {
        return Map.of("TOM_REDIS_URL", REDIS.server().url(), "TOM_HTTP_PORT", String.valueOf(port),
                "TOM_TRIM_INTERVAL", "100ms", "TOM_TRIM_FAILED_COMMANDS_MAXLEN", String.valueOf(MAXLEN));
    }

    private static Map<String, Double> fleetSamples(int port) throws Exception {
        Map<String, Double> samples = new TreeMap<>(Exposition.parse(get(port, "/api/metrics")).samplesStartingWith("tom_"));
        samples.keySet().removeIf(k -> k.startsWith("tom_scrape_") || k.startsWith("tom_stream_trimmed")
                || k.startsWith("tom_queue_latency_seconds"));
        return samples;
    }

    /** A queue's latency grows by the time between two requests. */
    static JsonNode withoutQueueLatency(JsonNode summary) {
        summary.get("queues").forEach(queue -> ((ObjectNode) queue).remove("latency_seconds"));
        return summary;
    }

    private static double trimmed(int port) {
        try {
            Double value = Exposition.parse(get(port, "/api/metrics")).value(Exposition.series(
                    "tom_stream_trimmed_entries_total", "stream", "tom:failed_commands"));
            return value == null ? 0 : value;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String get(int port, String path) {
        return ControllerHttp.get(port, path);
    }
}
