package io.tom.monitoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class JobHistoryTest {

    @Test
    void everyKeySharesTheStreamsSlotAndLivesUnderTheProjectsPrefix() {
        for (String key : new String[] {JobHistory.DURATIONS, JobHistory.LAST_SUCCESS, JobHistory.LAST_FAILURE,
                JobHistory.LAST_EVENT, JobHistory.CONSUMER, JobHistory.SHOWN_DEVICES, JobHistory.SHOWN_DEVICES_LOCK,
                JobHistory.OTHER_DEVICES}) {
            assertTrue(key.startsWith("tom:monitoring:{tom:metrics:stream}:"), key);
        }
    }

    @Test
    void aDurationFieldParsesBackEvenWhenTheWorkerHoldsTheSeparator() {
        String field = JobHistory.durationField("failed", "auth", JobHistory.bucket("2.5"), "worker|7");
        assertEquals("failed|auth|le=2.5|worker|7", field);
        assertEquals(Optional.of(new JobHistory.DurationField("failed", "auth", "le=2.5", "worker|7")),
                JobHistory.parseDurationField(field));
        assertEquals(Optional.of("2.5"), JobHistory.bucketBound("le=2.5"));
        assertEquals(Optional.empty(), JobHistory.bucketBound(JobHistory.SUM_NANOS));
    }

    @Test
    void fieldsOfAnotherShapeDoNotParse() {
        assertTrue(JobHistory.parseDurationField("success|none|count").isEmpty());
        assertTrue(JobHistory.parseDurationField("success|none|count|").isEmpty());
        assertTrue(JobHistory.parseDurationField("garbage").isEmpty());
    }
}
