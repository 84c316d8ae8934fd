package io.tom.monitoring.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * How fast one controller aggregates the metrics stream: a backlog of events written in the
 * workers' layout, timed from the first write until the controller's consumed count reaches it;
 * against a floor of the same Redis commands without aggregation (XREADGROUP of the same batches
 * with a group of its own, then XACK of each batch).
 */
final class ConsumerBenchmark {

    static final int EVENTS = 100_000;
    private static final int BATCH = 500;
    private static final String STREAM = "tom:metrics:stream";

    private ConsumerBenchmark() {
    }

    /** A Markdown section; {@code consumed} reads the controller's tom_job_events_consumed_total. */
    static String measure(Jedis redis, LongSupplier consumed) throws InterruptedException {
        redis.flushAll();
        long before = consumed.getAsLong();
        long t0 = System.nanoTime();
        writeBacklog(redis);
        double writtenMs = (System.nanoTime() - t0) / 1e6;
        while (consumed.getAsLong() - before < EVENTS) {
            Thread.sleep(20);
        }
        double controllerMs = (System.nanoTime() - t0) / 1e6;

        long f0 = System.nanoTime();
        int read = floor(redis);
        double floorMs = (System.nanoTime() - f0) / 1e6;
        double rate = EVENTS / (controllerMs / 1000);
        double floorRate = read / (floorMs / 1000);
        String section = String.format("""
                ## Job history consumer

                %,d events in the workers' layout (5 workers, 2,000 devices, durations) written as one backlog
                in %.0f ms; the controller (its default settings: batches of 500, a poll every second) had
                aggregated all of them %.0f ms after the first write: **%,.0f events/s**. The floor, the same
                XREADGROUP batches and XACKs without aggregation from one Jedis client, read them at
                %,.0f events/s (%.2fx the controller's rate).

                """, EVENTS, writtenMs, controllerMs, rate, floorRate, floorRate / rate);
        System.out.print(section);
        return section;
    }

    private static void writeBacklog(Jedis redis) {
        try (Pipeline p = redis.pipelined()) {
            for (int i = 0; i < EVENTS; i++) {
                boolean failed = i % 10 == 0;
                p.xadd(STREAM, StreamEntryID.NEW_ENTRY, Map.of("timestamp", String.valueOf(System.currentTimeMillis() / 1000),
                        "worker", "bench-worker-" + (i % 5), "device", "10.20." + (i % 2000 / 250) + "." + (i % 250),
                        "status", failed ? "failed" : "success", "error_type", failed ? "timeout" : "none",
                        "duration", String.valueOf((i % 997) * 0.013)));
                if (i % 1000 == 999) {
                    p.sync();
                }
            }
            p.sync();
        }
    }

    private static int floor(Jedis redis) {
        redis.xgroupCreate(STREAM, "bench-floor", new StreamEntryID(0, 0), false);
        int read = 0;
        while (true) {
            List<Map.Entry<String, List<StreamEntry>>> reply = redis.xreadGroup("bench-floor", "floor",
                    XReadGroupParams.xReadGroupParams().count(BATCH), Map.of(STREAM, StreamEntryID.UNRECEIVED_ENTRY));
            if (reply == null || reply.isEmpty() || reply.get(0).getValue().isEmpty()) {
                return read;
            }
            List<StreamEntryID> ids = new ArrayList<>();
            reply.get(0).getValue().forEach(entry -> ids.add(entry.getID()));
            redis.xack(STREAM, "bench-floor", ids.toArray(StreamEntryID[]::new));
            read += ids.size();
        }
    }
}
