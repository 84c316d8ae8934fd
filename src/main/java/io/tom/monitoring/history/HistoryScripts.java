package io.tom.monitoring.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    static final LuaScript READ = LuaScript.load("job-history-read", "field-of");
    static final LuaScript CLAIM = LuaScript.load("job-history-claim");
    static final LuaScript APPLY = LuaScript.load("job-history-apply");

    static final List<String> READ_KEYS = List.of(MetricsEvent.STREAM, JobHistory.CONSUMER,
            JobHistory.LAST_SUCCESS, JobHistory.LAST_FAILURE, JobHistory.LAST_EVENT);
    static final List<String> CLAIM_KEYS = List.of(MetricsEvent.STREAM, JobHistory.CONSUMER);
    static final List<String> APPLY_KEYS = List.of(MetricsEvent.STREAM, JobHistory.CONSUMER, JobHistory.DURATIONS,
            JobHistory.LAST_SUCCESS, JobHistory.LAST_FAILURE, JobHistory.LAST_EVENT, JobHistory.SHOWN_DEVICES,
            JobHistory.OTHER_DEVICES);

    private HistoryScripts() {
    }

    static List<String> readArguments(String consumer, int count, Duration retention) {
        return List.of(JobHistory.GROUP, consumer, String.valueOf(count), String.valueOf(retention.toMillis()),
                JobHistory.BASELINE, JobHistory.DELIVERED, JobHistory.LOST_UNREAD);
    }

    static List<String> claimArguments(String consumer, Duration minIdle, int count) {
        return List.of(JobHistory.GROUP, consumer, String.valueOf(minIdle.toMillis()), String.valueOf(count),
                JobHistory.LOST_PENDING);
    }

    /** The apply script's leading arguments; each entry's {@value #APPLY_VALUES_PER_ENTRY} values follow. */
    static List<String> applyArguments(boolean fold, int entries) {
        List<String> arguments = new ArrayList<>(5 + entries * APPLY_VALUES_PER_ENTRY);
        arguments.addAll(List.of(JobHistory.GROUP, fold ? "1" : "0", JobHistory.CONSUMED, JobHistory.MALFORMED,
                JobHistory.SUM_NANOS));
        return arguments;
    }

    /** The apply script's reply: events applied and malformed events skipped, by this call's acknowledgements. */
    record Applied(long events, long malformed) {

        static Applied of(Object reply) {
            List<?> counts = (List<?>) reply;
            return new Applied(((Number) counts.get(0)).longValue(), ((Number) counts.get(1)).longValue());
        }
    }
}
