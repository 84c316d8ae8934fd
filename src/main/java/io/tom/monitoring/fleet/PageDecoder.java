package io.tom.monitoring.fleet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Decodes one read's pages on a helper thread, in the order they were read, while the reading
 * thread is already waiting for Redis's next reply: decoding (strings, numbers, JSON, the caller's
 * own work per device) then costs no time of its own. Steps run one after another, so they share
 * the read's maps without locks; {@link #finish} makes their results visible to the caller.
 */
final class PageDecoder {

    private final Executor threads;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    PageDecoder(Executor threads) {
        this.threads = threads;
    }

    /** Runs after every step submitted before it; called from the reading thread only. */
    void submit(Runnable step) {
        last = last.thenRunAsync(step, threads);
    }

    /** Waits for every step; a step's failure is thrown here, as the reading thread's own. */
    void finish() {
        try {
            last.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
