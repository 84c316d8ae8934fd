package io.tom.monitoring.trimming;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * When the trimming routes run: the interval setting is either a duration ({@code 60s}, in
 * {@link Durations}' syntax) or a Quartz cron expression ({@code 0 0/5 * * * ?}, recognised by its
 * spaces). It becomes the query
 * of the routes' {@code scheduler:} endpoint, so the YAML stays the same for both.
 */
public final class TrimSchedule {

    private TrimSchedule() {
    }

    /** The {@code scheduler:} endpoint options for the given setting. */
    public static String schedulerOptions(String setting, String settingName) {
        String value = setting == null ? "" : setting.trim();
        if (value.contains(" ")) {
            int fields = value.split("\\s+").length;
            if (fields < 6 || fields > 7) {
                throw new IllegalArgumentException(settingName + " looks like a cron expression but has " + fields
                        + " fields; Quartz cron needs 6 or 7 (seconds first), e.g. '0 0/5 * * * ?'");
            }
            return "scheduler=quartz&scheduler.cron=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
        Duration interval = Durations.parse(value, settingName);
        if (interval.isZero()) {
            throw new IllegalArgumentException(settingName + " must be a positive duration (60s) or a cron expression,"
                    + " got '" + value + "'");
        }
        return "initialDelay=1000&delay=" + interval.toMillis();
    }
}
