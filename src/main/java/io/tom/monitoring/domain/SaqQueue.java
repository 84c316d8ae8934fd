package io.tom.monitoring.domain;

/**
 * An SAQ job queue (docs/redis-layout.md, "SAQ queues"): the lists {@code saq:{queue}:queued}
 * (job ids waiting, oldest first) and {@code saq:{queue}:active} (being processed). A job id is
 * {@code saq:job:{queue}:{key}}.
 *
 * @param queued jobs waiting
 * @param active jobs being processed
 */
public record SaqQueue(String queue, long queued, long active) {

    public static String queuedKey(String queue) {
        return "saq:" + queue + ":queued";
    }

    public static String activeKey(String queue) {
        return "saq:" + queue + ":active";
    }

    /** The id under which SAQ lists a job, and the key of its JSON. */
    public static String jobId(String queue, String jobKey) {
        return "saq:job:" + queue + ":" + jobKey;
    }
}
