package io.tom.monitoring.trimming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.TempFiles;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The scheduled trimming routes against a real Redis, running every 100 ms: exact limits under
 * concurrent XADD load with the newest entries kept, the maximum age, the trimmed-entries
 * counter, a stream added by an integration team's YAML, and a Redis outage in between runs.
 */
class StreamTrimmingTest extends TomApplicationTestSupport {

    private static final int FAILED_COMMANDS_MAXLEN = 50;
    private static final int METRICS_STREAM_MAXLEN = 200;

    private Path extraRoutes;

    @AfterAll
    void removeExtraRoutes() {
        TempFiles.delete(extraRoutes);
    }

    @Override
    protected Map<String, String> settings() {
        try {
            Path routes = Files.createTempDirectory("tom-extra-routes");
            extraRoutes = routes;
            Files.writeString(routes.resolve("trim-my-events.yaml"), """
                    - templatedRoute:
                        routeTemplateRef: stream-trimming
                        routeId: trim-my-events
                        parameters:
                          - name: name
                            value: my-events
                          - name: stream
                            value: "team:my:events"
                          - name: maxLength
                            value: "5"
                    """);
            return Map.of(
                    "tom.trim.interval", "100ms",
                    "tom.trim.failed-commands-maxlen", String.valueOf(FAILED_COMMANDS_MAXLEN),
                    "tom.trim.metrics-stream-maxlen", String.valueOf(METRICS_STREAM_MAXLEN),
                    "tom.trim.metrics-stream-max-age", "1h",
                    "tom.redis.timeout-ms", "1000",
                    "tom.routes.dir", routes.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void keepsExactlyTheNewestEntriesWhileWritersAddConcurrently() throws Exception {
        redis.del("tom:failed_commands");
        double trimmedBefore = trimmed("tom:failed_commands");
        List<StreamEntryID> written = Collections.synchronizedList(new ArrayList<>());
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                try (RedisClient client = redisServer.client()) {
                    for (int i = 0; i < 1500; i++) {
                        written.add(client.xadd("tom:failed_commands", XAddParams.xAddParams(),
                                Map.of("device", "10.0.0." + writer, "error_type", "timeout", "command", "c" + i,
                                        "error", "e")));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();

        awaitTrue(() -> redis.xlen("tom:failed_commands") == FAILED_COMMANDS_MAXLEN);
        List<StreamEntryID> newest = written.stream().sorted().skip(written.size() - FAILED_COMMANDS_MAXLEN).toList();
        List<StreamEntryID> remaining = redis.xrange("tom:failed_commands", "-", "+").stream()
                .map(StreamEntry::getID).toList();
        assertEquals(newest, remaining, "exactly the newest entries remain");
        awaitTrue(() -> trimmed("tom:failed_commands") - trimmedBefore == written.size() - FAILED_COMMANDS_MAXLEN);
    }

    @Test
    void removesEntriesOlderThanTheMaximumAge() throws Exception {
        long now = Instant.now().toEpochMilli();
        redis.del("tom:metrics:stream");
        for (int i = 0; i < 10; i++) {
            redis.xadd("tom:metrics:stream", XAddParams.xAddParams().id(new StreamEntryID(now - 7_200_000 + i, 0)),
                    Map.of("status", "success", "old", "yes"));
        }
        for (int i = 0; i < 10; i++) {
            redis.xadd("tom:metrics:stream", XAddParams.xAddParams(), Map.of("status", "success", "old", "no"));
        }
        awaitTrue(() -> redis.xlen("tom:metrics:stream") == 10);
        assertTrue(redis.xrange("tom:metrics:stream", "-", "+").stream()
                .allMatch(e -> "no".equals(e.getFields().get("old"))), "only entries younger than 1h remain");
    }

    @Test
    void trimsAStreamDeclaredInYamlWithoutJava() throws Exception {
        for (int i = 0; i < 12; i++) {
            redis.xadd("team:my:events", XAddParams.xAddParams(), Map.of("n", String.valueOf(i)));
        }
        awaitTrue(() -> redis.xlen("team:my:events") == 5);
        assertEquals(List.of("7", "8", "9", "10", "11"), redis.xrange("team:my:events", "-", "+").stream()
                .map(e -> e.getFields().get("n")).toList());
        awaitTrue(() -> trimmed("team:my:events") == 7.0);
    }

    @Test
    void aRedisOutageNeverStopsTheTrimmingRoutes() throws Exception {
        redisServer.stop();
        Thread.sleep(1500);
        for (String route : List.of("trim-failed-commands", "trim-metrics-stream", "trim-my-events")) {
            assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus(route), route);
        }
        redisServer.start();
        reconnectRedis();
        for (int i = 0; i < FAILED_COMMANDS_MAXLEN + 30; i++) {
            redis.xadd("tom:failed_commands", XAddParams.xAddParams(), Map.of("device", "d", "error_type", "auth",
                    "command", "c", "error", "e"));
        }
        awaitTrue(() -> redis.xlen("tom:failed_commands") == FAILED_COMMANDS_MAXLEN);
    }

    private double trimmed(String stream) {
        Double value = scrape().value(Exposition.series("tom_stream_trimmed_entries_total", "stream", stream));
        return value == null ? 0 : value;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, Duration.ofSeconds(20));
    }
}
