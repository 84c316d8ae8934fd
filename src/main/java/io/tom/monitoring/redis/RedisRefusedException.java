package io.tom.monitoring.redis;

/**
 * A read that cannot give a true answer because Redis refused part of it (records behind an ACL),
 * though the rest was read: an API endpoint answers 503 rather than an answer with parts missing.
 */
public final class RedisRefusedException extends RuntimeException {

    private final RedisRefusal refusal;

    public RedisRefusedException(RedisRefusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public RedisRefusal refusal() {
        return refusal;
    }
}
