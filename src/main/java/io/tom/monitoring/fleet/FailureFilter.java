package io.tom.monitoring.fleet;

import java.util.Optional;

import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.FailedCommand;

/**
 * Which failed commands to return: optionally one device, one error type, and a lower bound on
 * the entry time (inclusive, epoch milliseconds).
 */
public record FailureFilter(Optional<String> device, Optional<ErrorType> errorType, Optional<Long> sinceMillis) {

    public static FailureFilter forDevice(String device) {
        return new FailureFilter(Optional.of(device), Optional.empty(), Optional.empty());
    }

    boolean matches(FailedCommand failure) {
        return device.map(d -> d.equals(failure.device())).orElse(true)
                && errorType.map(t -> t.label().equals(failure.errorType())).orElse(true);
    }
}
