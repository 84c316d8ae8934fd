package io.tom.monitoring.trimming;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d}, or plain seconds. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    /** The duration, or {@link Duration#ZERO} for an empty value. */
    public static Duration parse(String raw, String settingName) {
        String value = raw == null ? "" : raw.trim();
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(settingName + " must be a duration such as 90s, 15m, 24h, 7d or"
                    + " a number of seconds, got '" + raw + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
