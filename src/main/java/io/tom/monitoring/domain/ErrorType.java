package io.tom.monitoring.domain;

import java.util.Locale;
import java.util.Optional;

/** Tom's failure classification; {@code none} (success) is not one of them. */
public enum ErrorType {
    AUTH, TIMEOUT, NETWORK, GATING, OTHER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ErrorType> fromLabel(String label) {
        for (ErrorType type : values()) {
            if (type.label().equals(label)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
