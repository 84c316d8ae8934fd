package io.tom.monitoring.trimming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TrimScheduleTest {

    @Test
    void aDurationBecomesTheSchedulerDelay() {
        assertEquals("initialDelay=1000&delay=60000", TrimSchedule.schedulerOptions("60s", "TOM_TRIM_INTERVAL"));
        assertEquals("initialDelay=1000&delay=300000", TrimSchedule.schedulerOptions("5m", "TOM_TRIM_INTERVAL"));
        assertEquals("initialDelay=1000&delay=100", TrimSchedule.schedulerOptions("100ms", "TOM_TRIM_INTERVAL"));
        // Camel's duration syntax, as in its endpoint options: a plain number is milliseconds
        assertEquals("initialDelay=1000&delay=90", TrimSchedule.schedulerOptions("90", "TOM_TRIM_INTERVAL"));
        assertEquals("initialDelay=1000&delay=5400000", TrimSchedule.schedulerOptions("1h30m", "TOM_TRIM_INTERVAL"));
    }

    @Test
    void aCronExpressionRunsOnQuartz() {
        assertEquals("scheduler=quartz&scheduler.cron=0+0%2F5+*+*+*+%3F", TrimSchedule.schedulerOptions("0 0/5 * * * ?", "TOM_TRIM_INTERVAL"));
    }

    @Test
    void badSchedulesAreRejectedWithTheSettingsName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrimSchedule.schedulerOptions("* * *", "TOM_TRIM_INTERVAL"))
                .getMessage().contains("6 or 7"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrimSchedule.schedulerOptions("soon", "TOM_TRIM_INTERVAL"))
                .getMessage().startsWith("TOM_TRIM_INTERVAL must be a duration"));
        assertThrows(IllegalArgumentException.class, () -> TrimSchedule.schedulerOptions("0s", "TOM_TRIM_INTERVAL"));
        // issue 21, item 9: the value was not echoed ("abc" reads as no time at all)
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrimSchedule.schedulerOptions("abc", "TOM_TRIM_INTERVAL"))
                .getMessage().endsWith("got 'abc'"));
    }

    @Test
    void durationsReadAsOperatorsWriteThem() {
        assertEquals(Duration.ofDays(7), Durations.parse("7d", "x"));
        assertEquals(Duration.ofHours(24), Durations.parse("24h", "x"));
        assertEquals(Duration.ZERO, Durations.parse("", "x"));
        assertEquals(Duration.ZERO, Durations.parse("0", "x"));
    }
}
