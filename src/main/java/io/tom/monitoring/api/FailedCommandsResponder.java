package io.tom.monitoring.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.fleet.FailedCommandsReader;
import io.tom.monitoring.fleet.FailureFilter;
import io.tom.monitoring.http.ApiException;
import io.tom.monitoring.domain.ErrorType;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * {@code GET /api/monitoring/failed_commands?device=&error_type=&since=&limit=}: recent failures,
 * newest first, filtered while the stream is read.
 */
public final class FailedCommandsResponder implements Processor {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final FailedCommandsReader reader;

    public FailedCommandsResponder(FailedCommandsReader reader) {
        this.reader = reader;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        FailureFilter filter = new FailureFilter(
                parameter(message, "device"),
                parameter(message, "error_type").map(FailedCommandsResponder::parseErrorType),
                parameter(message, "since").map(FailedCommandsResponder::parseSince));
        int limit = parameter(message, "limit").map(FailedCommandsResponder::parseLimit).orElse(DEFAULT_LIMIT);

        List<ApiResponses.Failure> failures = reader.read(filter, limit).stream()
                .map(FailedCommandsResponder::view)
                .toList();
        message.setBody(new ApiResponses.Failures(failures, failures.size()));
    }

    private static ApiResponses.Failure view(FailedCommand f) {
        return new ApiResponses.Failure(IsoTimestamps.ofEpochMillis(f.epochMillis()), f.device(), f.command(),
                f.errorType(), f.error(), f.jobId(), f.workerId(), f.credentialId(), f.attempts());
    }

    /**
     * A query parameter; an empty one (`?device=`) counts as not given, one given twice
     * (`?device=a&device=b`) is refused rather than read as neither.
     */
    static Optional<String> parameter(Message message, String name) {
        Object value = message.getHeader(name);
        if (value instanceof java.util.Collection<?> values && values.size() > 1) {
            throw ApiException.badRequest(name + " is given " + values.size() + " times; give it once");
        }
        return Optional.ofNullable(message.getHeader(name, String.class)).filter(v -> !v.isEmpty());
    }

    static int parseLimit(String raw) {
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest("limit must be an integer from 1 to " + MAX_LIMIT + ", got '" + raw + "'");
    }

    /** Epoch seconds, whole or decimal, to the first millisecond not before it. */
    static long parseSince(String raw) {
        try {
            BigDecimal seconds = new BigDecimal(raw.trim());
            if (seconds.signum() >= 0 && seconds.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1000)) < 0) {
                return seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
            }
        } catch (NumberFormatException | ArithmeticException ignored) {
            // reported below
        }
        throw ApiException.badRequest("since must be epoch seconds (a non-negative number), got '" + raw + "'");
    }

    static ErrorType parseErrorType(String raw) {
        return ErrorType.fromLabel(raw).orElseThrow(() -> ApiException.badRequest("error_type must be one of "
                + Arrays.stream(ErrorType.values()).map(ErrorType::label).collect(Collectors.joining(", "))
                + ", got '" + raw + "'"));
    }
}
