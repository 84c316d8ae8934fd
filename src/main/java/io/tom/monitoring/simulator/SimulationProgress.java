package io.tom.monitoring.simulator;

import java.util.concurrent.atomic.AtomicLong;

import io.tom.monitoring.domain.ErrorType;

/** What the simulator has done so far, counted from its threads, and the line it prints about it. */
final class SimulationProgress {

    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong writeErrors = new AtomicLong();
    final AtomicLong hanging = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong gated = new AtomicLong();

    /** A job recorded; {@code errorType} null for a success. */
    void recorded(ErrorType errorType) {
        written.incrementAndGet();
        if (errorType != null) {
            failed.incrementAndGet();
        }
        if (errorType == ErrorType.GATING) {
            gated.incrementAndGet();
        }
    }

    long written() {
        return written.get();
    }

    long failed() {
        return failed.get();
    }

    /** The progress line, gating failures told apart from the injected ones. */
    String line(double seconds) {
        return String.format("simulate: %d jobs written (%.1f jobs/s), %d failed, %d in flight%s; %d of the failures"
                        + " found their device busy (gating)%s",
                written.get(), written.get() / Math.max(seconds, 1e-9), failed.get(), inFlight.get(),
                hanging.get() == 0 ? "" : " (" + hanging.get() + " hanging)", gated.get(),
                writeErrors.get() == 0 ? "" : ", " + writeErrors.get() + " Redis errors");
    }
}
