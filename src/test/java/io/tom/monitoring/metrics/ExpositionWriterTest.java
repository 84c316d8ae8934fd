package io.tom.monitoring.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tom.monitoring.domain.JobCounts;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.domain.StatsHash;
import org.junit.jupiter.api.Test;

/**
 * The families written row by row ({@link WrittenFamily}) come out byte for byte as the Prometheus
 * client's own writers write the same data, in every format the scrape serves, with the ids that
 * need escaping, non-ASCII ids, and values of every form the client formats differently.
 */
class ExpositionWriterTest {

    /** The Accept headers of the text format, OpenMetrics and protobuf, as Prometheus sends them. */
    private static final List<String> ACCEPTS = List.of("text/plain;version=0.0.4",
            "application/openmetrics-text;version=1.0.0",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");

    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    @Test
    void writtenFamiliesAreByteForByteTheClientsOwnInEveryFormat() throws IOException {
        Map<String, JobCounts> devices = new HashMap<>();
        List<String> awkwardIds = List.of("plain-1", "with \"quotes\"", "back\\slash", "new\nline", "café-ü",
                "emoji-\uD83D\uDE00", "Zz-upper", "all-but-not-all", "0-first", "~last", "mixed \\\"\n é");
        Random random = new Random(7);
        for (String id : awkwardIds) {
            devices.put(id, counts(random));
        }
        for (int i = 0; i < 2000; i++) {
            devices.put("device-" + random.nextInt(100_000), counts(random));
        }
        Map<String, JobCounts> workers = Map.of("worker-b", counts(random), "worker-a", JobCounts.none(),
                "w\"odd", counts(random));
        Map<String, Long> lastSuccess = new HashMap<>();
        for (String id : devices.keySet()) {
            lastSuccess.put(id, 1_733_456_789_000L + random.nextInt(1_000_000));
        }
        lastSuccess.put("whole-second", 1_700_000_000_000L);

        for (String accept : ACCEPTS) {
            MetricSnapshots snapshots = MetricSnapshots.builder()
                    .metricSnapshot(new WrittenFamily(TomMetric.JOBS, new JobRows(java.util.Optional.of(counts(random)), workers, devices)))
                    .metricSnapshot(new WrittenFamily(TomMetric.DEVICE_LAST_SUCCESS, sink -> {
                        String[] labels = new String[1];
                        lastSuccess.keySet().stream().sorted().forEach(id -> {
                            labels[0] = id;
                            sink.row(labels, lastSuccess.get(id) / 1000.0);
                        });
                    }))
                    .metricSnapshot(new WrittenFamily(TomMetric.DEVICE_SEMAPHORE_LEASES, sink -> {
                        double[] values = {0, 1, 9_999_999, 10_000_000, 123_456_789, 0.5, -3, 1e300,
                                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -0.0, 4.9e-324};
                        String[] labels = new String[2];
                        for (int i = 0; i < values.length; i++) {
                            labels[0] = "host-" + (char) ('a' + i);
                            labels[1] = "22";
                            sink.row(labels, values[i]);
                        }
                    }))
                    // a family with no rows has no header either, as the client writes it
                    .metricSnapshot(new WrittenFamily(TomMetric.DEVICE_LAST_FAILURE, sink -> { }))
                    // ordinary families before, between and after the written ones
                    .metricSnapshot(FleetFamilies.gauge(TomMetric.WORKERS_ACTIVE, 3))
                    .metricSnapshot(FleetFamilies.gauge(TomMetric.REDIS_UP, 1))
                    .metricSnapshot(TomMetric.JOB_DURATION.histogram().dataPoint(HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(new double[] {1, Double.POSITIVE_INFINITY},
                                    new long[] {2, 3}))
                            .sum(7.5).labels(TomMetric.JOB_DURATION.labels("w", "success", "none")).build()).build())
                    .metricSnapshot(TomMetric.QUEUE_DEPTH.gauge().dataPoint(GaugeDataPointSnapshot.builder().value(4)
                            .labels(TomMetric.QUEUE_DEPTH.labels("default")).build()).build())
                    .build();
            ExpositionFormatWriter writer = FORMATS.findWriter(accept);

            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            ExpositionWriter.write(writer, ours, snapshots);
            ByteArrayOutputStream clients = new ByteArrayOutputStream();
            writer.write(clients, ExpositionWriter.materialized(snapshots));

            if (!accept.contains("protobuf")) {
                assertEquals(clients.toString(StandardCharsets.UTF_8), ours.toString(StandardCharsets.UTF_8), accept);
                String text = ours.toString(StandardCharsets.UTF_8);
                assertTrue(text.contains("tom_jobs_total{device=\"with \\\"quotes\\\"\",error_type="), text);
                assertTrue(text.contains("tom_device_semaphore_leases{device=\"host-a\",port=\"22\"} 0.0\n"), text);
                assertFalse(text.contains("tom_device_last_failure"), "an empty family has no header");
            }
            assertArrayEquals(clients.toByteArray(), ours.toByteArray(), accept);
            assertTrue(ours.size() > 100_000, "the rows were written: " + ours.size() + " bytes");
        }
    }

    @Test
    void aReadsDeviceOrderWithIdsThatHaveNoRowsGivesTheSameRowsAsSortingHere() throws IOException {
        Random random = new Random(11);
        Map<String, JobCounts> devices = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            devices.put((i % 3 == 0 ? "10.0." : i % 3 == 1 ? "b-" : "zz-") + random.nextInt(100_000), counts(random));
        }
        Map<String, JobCounts> workers = Map.of("worker-a", counts(random));
        // the read's order holds an id the rows leave out: the reserved "all", which sorts among them
        java.util.List<Map.Entry<String, JobCounts>> readOrder = new java.util.ArrayList<>(devices.entrySet());
        readOrder.add(Map.entry(ExportedIds.ALL, counts(random)));
        readOrder.sort(Map.Entry.comparingByKey());
        JobCounts global = counts(random);

        ExpositionFormatWriter writer = FORMATS.findWriter(ACCEPTS.get(0));
        ByteArrayOutputStream sortedHere = new ByteArrayOutputStream();
        ExpositionWriter.write(writer, sortedHere, MetricSnapshots.of(new WrittenFamily(TomMetric.JOBS,
                new JobRows(java.util.Optional.of(global), workers, devices))));
        ByteArrayOutputStream inReadOrder = new ByteArrayOutputStream();
        ExpositionWriter.write(writer, inReadOrder, MetricSnapshots.of(new WrittenFamily(TomMetric.JOBS,
                new JobRows(java.util.Optional.of(global), workers, readOrder, java.util.Optional.empty()))));

        String text = inReadOrder.toString(StandardCharsets.UTF_8);
        assertEquals(sortedHere.toString(StandardCharsets.UTF_8), text);
        assertEquals(1, text.split("tom_jobs_total\\{device=\"all\",error_type=\"none\",status=\"success\",worker=\"all\"}",
                -1).length - 1, "the fleet's rows once, in the device order");
    }

    @Test
    void devicesRowsWrittenAheadComeOutAsTheClientWritesThemInEveryFormatAndBody() throws IOException {
        Random random = new Random(13);
        Map<String, JobCounts> devices = new HashMap<>();
        for (String id : List.of("with \"quotes\"", "back\\slash", "new\nline", "café-ü", "0-first", "~last", "alk", "alm")) {
            devices.put(id, counts(random));
        }
        // rows of several chunks on both sides of the fleet's (device="all") rows
        for (int i = 0; i < 6000; i++) {
            devices.put((i % 2 == 0 ? "10.0." : "edge-") + random.nextInt(1_000_000), counts(random));
        }
        Map<String, JobCounts> workers = Map.of("worker-a", counts(random), "w\"odd", JobCounts.none());
        java.util.List<Map.Entry<String, JobCounts>> readOrder = new java.util.ArrayList<>(devices.entrySet());
        readOrder.add(Map.entry(ExportedIds.ALL, counts(random)));
        readOrder.sort(Map.Entry.comparingByKey());
        java.util.Optional<JobCounts> global = java.util.Optional.of(counts(random));
        JobRows.DeviceRowsText written = JobRows.writeAhead(readOrder);
        assertTrue(written.beforeFleet().size() > ChunkedBody.CHUNK_BYTES && written.afterFleet().size() > ChunkedBody.CHUNK_BYTES,
                "several chunks each side: " + written.beforeFleet().size() + ", " + written.afterFleet().size());

        for (String accept : ACCEPTS) {
            ExpositionFormatWriter writer = FORMATS.findWriter(accept);
            MetricSnapshots inPlace = withOtherFamilies(new JobRows(global, workers, readOrder, java.util.Optional.empty()));
            MetricSnapshots ahead = withOtherFamilies(new JobRows(global, workers, readOrder, java.util.Optional.of(written)));
            // text written ahead for another list of devices (an earlier attempt of the read) is not used
            java.util.List<Map.Entry<String, JobCounts>> sameDevicesOtherList = new java.util.ArrayList<>(readOrder);
            MetricSnapshots stale = withOtherFamilies(new JobRows(global, workers, sameDevicesOtherList,
                    java.util.Optional.of(written)));

            ByteArrayOutputStream clients = new ByteArrayOutputStream();
            writer.write(clients, ExpositionWriter.materialized(inPlace));
            ByteArrayOutputStream aheadToStream = new ByteArrayOutputStream();
            ExpositionWriter.write(writer, aheadToStream, ahead);
            ChunkedBody aheadToBody = new ChunkedBody();
            ExpositionWriter.write(writer, aheadToBody, ahead);
            ChunkedBody staleToBody = new ChunkedBody();
            ExpositionWriter.write(writer, staleToBody, stale);

            assertArrayEquals(clients.toByteArray(), aheadToStream.toByteArray(), accept);
            assertArrayEquals(clients.toByteArray(), aheadToBody.toBuffer().getBytes(), accept);
            assertEquals(clients.size(), aheadToBody.size(), accept);
            assertArrayEquals(clients.toByteArray(), staleToBody.toBuffer().getBytes(), accept);
        }
    }

    private static MetricSnapshots withOtherFamilies(JobRows rows) {
        return MetricSnapshots.builder()
                .metricSnapshot(FleetFamilies.gauge(TomMetric.REDIS_UP, 1))
                .metricSnapshot(new WrittenFamily(TomMetric.JOBS, rows))
                .metricSnapshot(FleetFamilies.gauge(TomMetric.WORKERS_ACTIVE, 2))
                .build();
    }

    /** Random counters, some fields absent, some past 10^7 (written in exponent form). */
    private static JobCounts counts(Random random) {
        List<byte[]> replies = new java.util.ArrayList<>();
        for (int i = 0; i < StatsHash.FIELDS.size(); i++) {
            int kind = random.nextInt(5);
            String value = switch (kind) {
                case 0 -> null;
                case 1 -> "0";
                case 2 -> String.valueOf(random.nextInt(10_000));
                case 3 -> String.valueOf(10_000_000L + random.nextInt(1000));
                default -> String.valueOf(random.nextLong() & 0xFFFFFFFFFFL);
            };
            replies.add(value == null ? null : value.getBytes(StandardCharsets.US_ASCII));
        }
        return JobCounts.parse(replies, new MalformedRecords());
    }
}
