package io.tom.monitoring.domain;

/**
 * An SAQ job queue (docs/redis-layout.md, "SAQ queues"): the lists {@code saq:{queue}:queued}
 * (job ids waiting, oldest first), {@code saq:{queue}:active} (being processed) and
 * {@code saq:{queue}:incomplete} (every unfinished job, scored by when it is due). A job id is
 * {@code saq:job:{queue}:{key}}, and also the key of the job's JSON ({@link SaqJob}).
 *
 * @param queued jobs waiting; null when the list could not be read (a key of another type)
 * @param active jobs being processed; null when the list could not be read
 */
public record SaqQueue(String queue, Long queued, Long active) {

    public static String queuedKey(String queue) {
        return "saq:" + queue + ":queued";
    }

    public static String activeKey(String queue) {
        return "saq:" + queue + ":active";
    }

    /** Sorted set of every unfinished job id, scored by its scheduled time in epoch seconds (0 = now). */
    public static String incompleteKey(String queue) {
        return "saq:" + queue + ":incomplete";
    }

    /** The id under which SAQ lists a job, and the key of its JSON. */
    public static String jobId(String queue, String jobKey) {
        return "saq:job:" + queue + ":" + jobKey;
    }
}
