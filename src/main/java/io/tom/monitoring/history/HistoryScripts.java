package io.tom.monitoring.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.domain.JobHistory;
import io.tom.monitoring.domain.MetricsEvent;
import io.tom.monitoring.redis.LuaScript;

/**
 * The Lua scripts of the job-history consumer ({@code lua/job-history-*.lua}), their keys and
 * arguments, and their replies as records. Every key they touch carries the metrics stream's hash
 * tag ({@link JobHistory}), so each runs atomically on one node, on a single Redis and on a Redis
 * Cluster alike. The consumer hash's field names come from {@link JobHistory}.
 */
final class HistoryScripts {

    /** Values the apply script takes per entry, after its leading arguments. */
    static final int APPLY_VALUES_PER_ENTRY = 11;

    /**
     * The most bytes a field of a metrics-stream event may hold: ids, labels and numbers are far
     * shorter; a longer one (a 20 MB device name) makes the event malformed, never a series.
     */
    static final int EVENT_FIELD_MAX_BYTES = MetricsEvent.FIELD_MAX_BYTES;

    static final LuaScript READ = LuaScript.load("job-history-read", "field-of", "event-fields-bounded");
    static final LuaScript CLAIM = LuaScript.load("job-history-claim", "field-of", "event-fields-bounded");
    static final LuaScript APPLY = LuaScript.load("job-history-apply");

    static final List<String> READ_KEYS = List.of(MetricsEvent.STREAM, JobHistory.CONSUMER,
            JobHistory.LAST_SUCCESS, JobHistory.LAST_FAILURE, JobHistory.LAST_EVENT, JobHistory.RESETS,
            JobHistory.DURATIONS);
    static final List<String> CLAIM_KEYS = List.of(MetricsEvent.STREAM, JobHistory.CONSUMER);
    static final List<String> APPLY_KEYS = List.of(MetricsEvent.STREAM, JobHistory.CONSUMER, JobHistory.DURATIONS,
            JobHistory.LAST_SUCCESS, JobHistory.LAST_FAILURE, JobHistory.LAST_EVENT, JobHistory.SHOWN_DEVICES,
            JobHistory.OTHER_DEVICES);

    private HistoryScripts() {
    }

    /**
     * @param seen     what this consumer's previous read found (the epoch, deliveries and entries
     *                 added), {@link Read#NOTHING_SEEN} at first
     * @param newEpoch the history's epoch should this read have to repair it
     */
    static List<String> readArguments(String consumer, int count, Duration retention, Read seen, String newEpoch) {
        return List.of(JobHistory.GROUP, consumer, String.valueOf(count), String.valueOf(retention.toMillis()),
                JobHistory.EPOCH, JobHistory.DELIVERED, JobHistory.DELIVERED_THROUGH, JobHistory.ADDED_SEEN,
                JobHistory.CONSUMED, JobHistory.MALFORMED, JobHistory.LOST_UNREAD, JobHistory.LOST_PENDING,
                JobHistory.LOST_IN_REDIS, JobHistory.BASELINE, seen.epoch(), String.valueOf(seen.delivered()),
                String.valueOf(seen.added()), newEpoch, String.valueOf(EVENT_FIELD_MAX_BYTES));
    }

    /** @param forgetIdle consumers holding nothing and idle this long are removed from the group */
    static List<String> claimArguments(String consumer, Duration minIdle, int count, Duration forgetIdle) {
        return List.of(JobHistory.GROUP, consumer, String.valueOf(minIdle.toMillis()), String.valueOf(count),
                JobHistory.LOST_PENDING, String.valueOf(forgetIdle.toMillis()), String.valueOf(EVENT_FIELD_MAX_BYTES));
    }

    /** The apply script's leading arguments; each entry's {@value #APPLY_VALUES_PER_ENTRY} values follow. */
    static List<String> applyArguments(boolean fold, int entries) {
        List<String> arguments = new ArrayList<>(5 + entries * APPLY_VALUES_PER_ENTRY);
        arguments.addAll(List.of(JobHistory.GROUP, fold ? "1" : "0", JobHistory.CONSUMED, JobHistory.MALFORMED,
                JobHistory.SUM_NANOS));
        return arguments;
    }

    /**
     * The read script's reply: the entries delivered, and the state of the history it saw.
     *
     * @param repairs what the read found changed in Redis and repaired, each with the events it
     *                counted as lost for it (lua/job-history-read.lua names the kinds)
     */
    record Read(List<Object> entries, String epoch, long delivered, long added, Map<String, Long> repairs) {

        static final Read NOTHING_SEEN = new Read(List.of(), "", 0, 0, Map.of());

        @SuppressWarnings("unchecked")
        static Read of(Object reply) {
            List<Object> parts = (List<Object>) reply;
            Map<String, Long> repairs = new LinkedHashMap<>();
            List<Object> found = (List<Object>) parts.get(4);
            for (int i = 0; i + 1 < found.size(); i += 2) {
                repairs.put((String) found.get(i), ((Number) found.get(i + 1)).longValue());
            }
            return new Read((List<Object>) parts.get(0), (String) parts.get(1), ((Number) parts.get(2)).longValue(),
                    ((Number) parts.get(3)).longValue(), repairs);
        }
    }

    /** The claim script's reply: entries taken over, and the idle consumers removed from the group. */
    record Claimed(List<Object> entries, List<String> removedConsumers) {

        @SuppressWarnings("unchecked")
        static Claimed of(Object reply) {
            List<Object> parts = (List<Object>) reply;
            return new Claimed((List<Object>) parts.get(0), (List<String>) (List<?>) parts.get(1));
        }
    }

    /** The apply script's reply: events applied and malformed events skipped, by this call's acknowledgements. */
    record Applied(long events, long malformed) {

        static Applied of(Object reply) {
            List<?> counts = (List<?>) reply;
            return new Applied(((Number) counts.get(0)).longValue(), ((Number) counts.get(1)).longValue());
        }
    }
}
