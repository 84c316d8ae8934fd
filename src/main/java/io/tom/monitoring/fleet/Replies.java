package io.tom.monitoring.fleet;

import java.util.Optional;

import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.redis.RedisRefusal;
import io.tom.monitoring.redis.RedisRefusalLog;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Pipelined replies, where Redis answers a record of the wrong type with an error of its own, or
 * refuses a record the controller's ACL does not cover.
 */
final class Replies {

    private final RedisRefusalLog refusals;

    Replies(RedisRefusalLog refusals) {
        this.refusals = refusals;
    }

    /**
     * The reply, or null: counted as malformed when Redis answered a data error such as
     * WRONGTYPE, as a refusal when it refused the key (NOPERM), logged with the fix.
     */
    <T> T valueOf(Response<T> reply, MalformedRecords malformed, MalformedRecords.Kind kind) {
        try {
            return reply.get();
        } catch (JedisDataException e) {
            Optional<RedisRefusal> refusal = RedisRefusal.of(e);
            if (refusal.isPresent()) {
                malformed.recordRefusal(refusal.get().label());
                refusals.met(refusal.get(), e, "reading " + kind.label() + " records");
            } else {
                malformed.record(kind);
            }
            return null;
        }
    }

    /**
     * The reply, or null when Redis answered a data error (a key of another type), for a caller that
     * counts it itself; a refusal (NOPERM, authentication, OOM...) propagates.
     */
    static <T> T valueOrNull(Response<T> reply) {
        try {
            return reply.get();
        } catch (JedisDataException wrongType) {
            RedisRefusal.rethrowRefusal(wrongType);
            return null;
        }
    }
}
