package io.tom.monitoring.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;

/** Waits for something that happens asynchronously (a scheduled route, a webhook delivery), polling with Awaitility. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /** Polls until {@code condition} holds; a condition that throws counts as not yet. */
    public static void until(BooleanSupplier condition, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(POLL).pollDelay(Duration.ZERO).ignoreExceptions()
                .until(condition::getAsBoolean);
    }
}
