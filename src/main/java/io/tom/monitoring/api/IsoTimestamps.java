package io.tom.monitoring.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** ISO-8601 UTC with milliseconds, always ({@code 2026-11-25T06:04:32.000Z}, never a dropped fraction). */
public final class IsoTimestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private IsoTimestamps() {
    }

    public static String ofEpochMillis(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String ofEpochSeconds(double epochSeconds) {
        return ofEpochMillis(Math.round(epochSeconds * 1000));
    }
}
