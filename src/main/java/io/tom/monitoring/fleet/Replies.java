package io.tom.monitoring.fleet;

import io.tom.monitoring.domain.MalformedRecords;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/** Pipelined replies, where Redis answers a record of the wrong type with an error of its own. */
final class Replies {

    private Replies() {
    }

    /** The reply, or null (counted as malformed) when Redis answered an error such as WRONGTYPE. */
    static <T> T valueOf(Response<T> reply, MalformedRecords malformed, MalformedRecords.Kind kind) {
        try {
            return reply.get();
        } catch (JedisDataException e) {
            malformed.record(kind);
            return null;
        }
    }
}
