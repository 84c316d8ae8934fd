package io.tom.monitoring.history;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.domain.MetricsEvent;
import io.tom.monitoring.domain.StatsHash;
import redis.clients.jedis.StreamEntryID;

/**
 * A batch of stream entries as the apply script takes them: each entry decoded by
 * {@link MetricsEvent} and turned into its id, its kind (event or malformed) and the values its
 * aggregates need (bucket, nanoseconds, epoch milliseconds).
 */
final class EventBatch {

    /** A duration beyond this (about 31 years) is not a job's: malformed, and safe from overflow. */
    static final double MAX_DURATION_SECONDS = MetricsEvent.MAX_DURATION_SECONDS;

    private final List<String> arguments;
    private final int malformed;

    private EventBatch(List<String> arguments, int malformed) {
        this.arguments = arguments;
        this.malformed = malformed;
    }

    List<String> arguments() {
        return arguments;
    }

    int malformed() {
        return malformed;
    }

    /** Turns the entries a script returned ({@code [id, [field, value, ...]]} each) into a batch. */
    static final class Encoder {
        private final DurationBuckets buckets;

        Encoder(DurationBuckets buckets) {
            this.buckets = buckets;
        }

        EventBatch encode(List<Object> entries, boolean fold) {
            List<String> args = HistoryScripts.applyArguments(fold, entries.size());
            int malformed = 0;
            for (Object raw : entries) {
                List<?> entry = (List<?>) raw;
                String id = text(entry.get(0));
                MetricsEvent event = decode(id, entry.size() > 1 ? entry.get(1) : null);
                args.add(id);
                if (event == null) {
                    malformed++;
                    args.add("m");
                    args.addAll(java.util.Collections.nCopies(HistoryScripts.APPLY_VALUES_PER_ENTRY - 2, ""));
                    continue;
                }
                Double duration = event.durationSeconds();
                args.add("e");
                args.add(event.worker());
                args.add(event.device());
                args.add(event.status());
                args.add(event.errorTypeLabel());
                args.add(duration == null ? "" : buckets.bucketOf(duration));
                args.add(duration == null ? "" : String.valueOf(DurationBuckets.nanos(duration)));
                args.add(String.valueOf(event.epochMillis()));
                // the stats-hash fields the job counts in, for the overflow rows of the device limit
                List<String> fields = StatsHash.incrementsFor(event.errorType());
                args.add(fields.get(0));
                args.add(fields.size() > 1 ? fields.get(1) : "");
            }
            return new EventBatch(args, malformed);
        }

        private static MetricsEvent decode(String id, Object fieldList) {
            if (!(fieldList instanceof List<?> flat)) {
                return null;
            }
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(text(flat.get(i)), text(flat.get(i + 1)));
            }
            MetricsEvent event;
            try {
                event = MetricsEvent.decode(new StreamEntryID(id).getTime(), fields);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (event != null && event.durationSeconds() != null && event.durationSeconds() > MAX_DURATION_SECONDS) {
                return null;
            }
            // bytes that are not UTF-8 were replaced while decoding: never a label under a mangled name
            if (event != null && (event.worker().indexOf('\uFFFD') >= 0 || event.device().indexOf('\uFFFD') >= 0)) {
                return null;
            }
            return event;
        }

        private static String text(Object value) {
            return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
        }
    }
}
