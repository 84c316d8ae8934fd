package io.tom.monitoring.writer;

import java.time.Clock;
import java.util.Map;

import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.JobOutcome;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Behind {@code direct:tom-record-job}: records the job described by the message body, a map
 * with {@code worker}, {@code device}, {@code status} ({@code success} or {@code failed}) and, for
 * a failure, {@code error_type}, {@code command}, {@code error}; optionally {@code duration},
 * {@code job_id}, {@code credential_id}, {@code attempts}, {@code timestamp}. When the exchange
 * carries a caught exception and the body names no error type, the exception is classified by
 * {@link ErrorClassifier} and its message becomes the error.
 */
public final class JobOutcomeRecorder implements Processor {

    private final TomWriter writer;
    private final Clock clock;

    public JobOutcomeRecorder(TomWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Map<?, ?> body = exchange.getMessage().getBody(Map.class);
        if (body == null) {
            throw new InvalidJobException("direct:tom-record-job needs a map (or JSON object) body describing the job");
        }
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        writer.recordJob(toOutcome(body, caught));
    }

    private static final int MAX_ATTEMPTS = 1_000_000;

    JobOutcome toOutcome(Map<?, ?> body, Throwable caught) {
        String status = text(body, "status", caught == null ? null : "failed");
        long timestamp = number(body, "timestamp") == null ? clock.millis() / 1000 : number(body, "timestamp").longValue();
        Number duration = number(body, "duration");
        Number attemptsGiven = number(body, "attempts");
        int attempts = attemptsGiven == null ? 1 : attempts(attemptsGiven);
        try {
            if ("success".equals(status)) {
                return new JobOutcome(text(body, "worker", null), text(body, "device", null), null,
                        duration == null ? null : duration.doubleValue(), text(body, "job_id", null), null, null,
                        null, attempts, timestamp);
            }
            if (!"failed".equals(status)) {
                throw new InvalidJobException("status must be 'success' or 'failed', got '" + status + "'");
            }
            ErrorType type = errorType(body, caught);
            String error = text(body, "error", caught == null ? "" : String.valueOf(caught.getMessage()));
            return new JobOutcome(text(body, "worker", null), text(body, "device", null), type,
                    duration == null ? null : duration.doubleValue(), text(body, "job_id", null),
                    text(body, "command", ""), error, text(body, "credential_id", null),
                    attempts, timestamp);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(e.getMessage());
        }
    }

    /** A whole number of attempts, 1 to 1,000,000: never rounded or clamped into one silently. */
    private static int attempts(Number given) {
        double value = given.doubleValue();
        if (value != Math.rint(value) || value < 1 || value > MAX_ATTEMPTS) {
            throw new InvalidJobException("attempts must be a whole number from 1 to " + MAX_ATTEMPTS + ", got '"
                    + given + "'");
        }
        return (int) value;
    }

    private static ErrorType errorType(Map<?, ?> body, Throwable caught) {
        String label = text(body, "error_type", null);
        if (label == null) {
            if (caught == null) {
                throw new InvalidJobException("a failed job needs an error_type (auth, timeout, network, gating, other)");
            }
            return ErrorClassifier.classify(caught);
        }
        return ErrorType.fromLabel(label).orElseThrow(() -> new InvalidJobException(
                "error_type must be one of auth, timeout, network, gating, other, got '" + label + "'"));
    }

    private static String text(Map<?, ?> body, String field, String fallback) {
        Object value = body.get(field);
        return value == null ? fallback : value.toString();
    }

    private static Number number(Map<?, ?> body, String field) {
        Object value = body.get(field);
        if (value == null || value instanceof Number) {
            return (Number) value;
        }
        try {
            return Double.valueOf(value.toString());
        } catch (NumberFormatException e) {
            throw new InvalidJobException(field + " must be a number, got '" + value + "'");
        }
    }
}
