package io.tom.monitoring.writer;

/** A job description that cannot be recorded as it stands; nothing of it was written. */
public final class InvalidJobException extends IllegalArgumentException {

    public InvalidJobException(String message) {
        super(message);
    }
}
