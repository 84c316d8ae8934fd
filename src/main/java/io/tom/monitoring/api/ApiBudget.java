package io.tom.monitoring.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.tom.monitoring.http.ApiException;
import io.tom.monitoring.redis.ReadDeadline;
import org.apache.camel.Processor;

/**
 * What one monitoring API answer may cost: at most {@code maxConcurrent} answers read Redis at
 * once (the rest wait their turn within the budget, then get 503 busy), so API traffic can never
 * take the connections the scrapes and the job history need; and each answer, its wait included,
 * must be built within {@code timeout}, as a scrape must, or it is 503 timeout.
 */
public final class ApiBudget {

    private final Duration timeout;
    private final int maxConcurrent;
    private final Semaphore answering;

    public ApiBudget(Duration timeout, int maxConcurrent) {
        this.timeout = timeout;
        this.maxConcurrent = maxConcurrent;
        this.answering = new Semaphore(maxConcurrent, true);
    }

    /** {@code responder} within this budget. */
    public Processor around(Processor responder) {
        return exchange -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!answering.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ApiException(503, "busy", "The controller is already answering " + maxConcurrent
                        + " monitoring API requests at once (TOM_API_MAX_CONCURRENT) and none finished within "
                        + timeout.toMillis() + " ms; retry later", Map.of("Retry-After", "1"));
            }
            try {
                ReadDeadline.at(deadline, () -> {
                    try {
                        responder.process(exchange);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return null;
                });
            } catch (ReadDeadline.ExceededException e) {
                throw new ApiException(503, "timeout", "The answer was not ready within " + timeout.toMillis()
                        + " ms (TOM_API_TIMEOUT): Redis is slow or the fleet large; retry later, or ask for less",
                        Map.of("Retry-After", "5"));
            } finally {
                answering.release();
            }
        };
    }
}
