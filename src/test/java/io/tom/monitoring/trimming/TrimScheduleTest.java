package io.tom.monitoring.trimming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TrimScheduleTest {

    @Test
    void aDurationBecomesTheSchedulerDelay() {
        assertEquals("initialDelay=1000&delay=60000", TrimSchedule.schedulerOptions("60s"));
        assertEquals("initialDelay=1000&delay=300000", TrimSchedule.schedulerOptions("5m"));
        assertEquals("initialDelay=1000&delay=100", TrimSchedule.schedulerOptions("100ms"));
        assertEquals("initialDelay=1000&delay=90000", TrimSchedule.schedulerOptions("90"));
    }

    @Test
    void aCronExpressionRunsOnQuartz() {
        assertEquals("scheduler=quartz&scheduler.cron=0+0%2F5+*+*+*+%3F", TrimSchedule.schedulerOptions("0 0/5 * * * ?"));
    }

    @Test
    void badSchedulesAreRejectedWithTheSettingsName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrimSchedule.schedulerOptions("* * *"))
                .getMessage().contains("6 or 7"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrimSchedule.schedulerOptions("soon"))
                .getMessage().startsWith("TOM_TRIM_INTERVAL must be a duration"));
        assertThrows(IllegalArgumentException.class, () -> TrimSchedule.schedulerOptions("0s"));
    }

    @Test
    void durationsReadAsOperatorsWriteThem() {
        assertEquals(Duration.ofDays(7), Durations.parse("7d", "x"));
        assertEquals(Duration.ofHours(24), Durations.parse("24h", "x"));
        assertEquals(Duration.ZERO, Durations.parse("", "x"));
        assertEquals(Duration.ZERO, Durations.parse("0", "x"));
    }
}
