package io.tom.monitoring.trimming;

import java.time.Duration;

import org.apache.camel.util.TimeUtils;

/**
 * Durations in Camel's own syntax, the one its endpoint options use, so a value means the same in
 * every setting and route: {@code 500ms}, {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d},
 * combined as {@code 1h30m}; a plain number is milliseconds.
 */
public final class Durations {

    private Durations() {
    }

    /** The duration, or {@link Duration#ZERO} for an empty value; a complaint names {@code settingName}. */
    public static Duration parse(String raw, String settingName) {
        try {
            return parse(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(settingName + " " + e.getMessage(), e);
        }
    }

    /** The duration, or {@link Duration#ZERO} for an empty value. */
    public static Duration parse(String raw) {
        String value = raw == null ? "" : raw.trim();
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        long millis;
        try {
            millis = TimeUtils.toMilliSeconds(value);
        } catch (RuntimeException e) {
            millis = -1;
        }
        if (millis < 0) {
            throw new IllegalArgumentException("must be a duration such as 500ms, 90s, 15m, 24h, 7d"
                    + " or 1h30m (a plain number is milliseconds), got '" + raw + "'");
        }
        return Duration.ofMillis(millis);
    }
}
