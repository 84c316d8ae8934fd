package io.tom.monitoring.history;

import java.util.List;

import io.tom.monitoring.domain.JobHistory;
import io.tom.monitoring.domain.MetricsEvent;

/**
 * The ways the job history's consumers find Redis's data changed under them, each repaired by
 * lua/job-history-read.lua and counted in {@link JobHistory#RESETS} (exported as
 * {@code tom_redis_data_resets_total{kind}}), with the line the controller logs for each: what
 * happened, who can cause it, and what the history did about it.
 */
public final class DataResets {

    /** The kinds, as the script names them. */
    public static final List<String> KINDS =
            List.of("group_deleted", "group_rewound", "stream_reset", "history_lost", "rolled_back");

    private DataResets() {
    }

    /**
     * @param kind   the repair's kind, as the script names it
     * @param lost   events it counted as lost for it
     * @param before what this consumer's previous read saw
     * @param after  what this read saw
     */
    static String explain(String kind, long lost, HistoryScripts.Read before, HistoryScripts.Read after) {
        String group = "the consumer group " + JobHistory.GROUP + " of " + MetricsEvent.STREAM;
        return switch (kind) {
            case "group_deleted" -> group + " was gone (XGROUP DESTROY, or a restore without it); recreated at the"
                    + " last entry the history delivered, so nothing is counted twice; " + lost + " events delivered"
                    + " but not yet applied went with it and are counted in tom_job_events_lost_total";
            case "group_rewound" -> group + " was moved back (XGROUP SETID); moved forward to the last entry the"
                    + " history delivered, so nothing is counted twice";
            case "stream_reset" -> MetricsEvent.STREAM + " was replaced (deleted, evicted or flushed: fewer entries"
                    + " added than the history had seen); consuming the new stream from its start; "
                    + lost + " events of the old one were never aggregated and are counted in tom_job_events_lost_total";
            case "history_lost" -> "the consumer counts " + JobHistory.CONSUMER + " were gone (deleted, evicted or"
                    + " flushed); rebuilt from the consumer group without reporting any event lost for it;"
                    + " tom_job_events_consumed_total restarts from there";
            case "rolled_back" -> "Redis's data went back (a restore from an older snapshot?): the history had"
                    + " delivered " + before.delivered() + " events and now holds " + after.delivered() + "; the "
                    + lost + " events Redis lost are counted in tom_job_events_lost_total and the history's counters"
                    + " continue from the restored state";
            default -> "repaired " + kind + " (" + lost + " events counted as lost)";
        };
    }
}
