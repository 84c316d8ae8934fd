package io.tom.monitoring.metrics;

/** Too many scrapes are being built at once; this one gave up waiting for its turn. */
public final class ScrapeBusyException extends RuntimeException {

    public ScrapeBusyException(String message) {
        super(message);
    }
}
