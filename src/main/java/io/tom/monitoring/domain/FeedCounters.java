package io.tom.monitoring.domain;

/**
 * What a failed-commands feed (the {@code tom-failed-commands-source} Kamelet) keeps beside its
 * consumer group (docs/redis-layout.md, "Keys this project writes"): the hash
 * {@code tom:monitoring:{tom:failed_commands}:feed:<name>}, in the stream's hash slot, with the
 * stream's entries-added when the group was created ({@code baseline}), the entries the group was
 * given ({@code read}), and the failures trimmed before they were delivered: never given
 * ({@code lost_unread}) or given and not yet delivered ({@code lost_pending}).
 */
public final class FeedCounters {

    /** The consumer group of a feed's consumer name: {@code tom-feed:<name>} (a group, not a key). */
    public static final String GROUP_PREFIX = "tom-feed:";

    public static final String BASELINE = "baseline";
    public static final String READ = "read";
    public static final String LOST_UNREAD = "lost_unread";
    public static final String LOST_PENDING = "lost_pending";

    private FeedCounters() {
    }

    public static String key(String consumer) {
        return "tom:monitoring:{" + FailedCommand.STREAM + "}:feed:" + consumer;
    }
}
