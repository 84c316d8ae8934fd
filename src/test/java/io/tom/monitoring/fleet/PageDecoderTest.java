package io.tom.monitoring.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pages are decoded one after another in the order they were read, off the reading thread. */
class PageDecoderTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void stepsRunInSubmissionOrderOneAtATimeAndAreVisibleAfterFinish() {
        PageDecoder decoder = new PageDecoder(threads);
        List<Integer> seen = new ArrayList<>(); // deliberately not thread-safe: steps never overlap
        Thread reader = Thread.currentThread();
        List<Boolean> offReadingThread = new ArrayList<>();
        for (int page = 0; page < 500; page++) {
            int number = page;
            decoder.submit(() -> {
                seen.add(number);
                offReadingThread.add(Thread.currentThread() != reader);
            });
        }
        decoder.finish();
        List<Integer> expected = new ArrayList<>();
        for (int page = 0; page < 500; page++) {
            expected.add(page);
        }
        assertEquals(expected, seen);
        assertEquals(List.of(true), offReadingThread.stream().distinct().toList());
    }

    @Test
    void aFailedStepIsThrownByFinishAsItself() {
        PageDecoder decoder = new PageDecoder(threads);
        IllegalStateException failure = new IllegalStateException("bad page");
        List<Integer> after = new ArrayList<>();
        decoder.submit(() -> {
            throw failure;
        });
        decoder.submit(() -> after.add(1));
        assertSame(failure, assertThrows(IllegalStateException.class, decoder::finish));
        assertEquals(List.of(), after, "steps after a failure do not run on a broken read");
    }
}
