package io.tom.monitoring.writer;

import io.tom.monitoring.domain.ErrorType;

/**
 * A job failure whose kind the worker knows: a device that refused the credentials ({@code auth}),
 * a device lease that could not be had ({@code gating}), and so on.
 */
public class TomJobException extends RuntimeException {

    private final ErrorType errorType;

    public TomJobException(ErrorType errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    public TomJobException(ErrorType errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    public ErrorType errorType() {
        return errorType;
    }
}
