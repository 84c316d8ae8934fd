package io.tom.monitoring.domain;

/**
 * Where a named consumer of {@code tom:failed_commands} (a webhook, an export) keeps the id of the
 * last entry it delivered (docs/redis-layout.md, "Keys this project writes"): the string
 * {@code tom:consumer:{name}:last_id}.
 */
public final class ConsumerCursor {

    private ConsumerCursor() {
    }

    public static String key(String consumer) {
        return "tom:consumer:" + consumer + ":last_id";
    }
}
