package io.tom.monitoring.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.tom.monitoring.domain.SaqJob;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** A job's way through SAQ's own keys, as SAQ 0.2x leaves them at each step. */
class SaqJobsTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void aJobMovesThroughQueuedActiveScheduledAndFinished() {
        RedisClient redis = REDIS.client();
        redis.flushAll();
        SaqJobs saq = new SaqJobs(RedisConnections.standalone(redis));
        String id = "saq:job:default:j1";

        SaqJob job = SaqJob.queued("default", "j1", "run_command", 1_795_000_000_000L);
        saq.enqueue(job);
        assertEquals(List.of(id), redis.lrange("saq:default:queued", 0, -1));
        assertEquals(0.0, redis.zscore("saq:default:incomplete", id));
        assertEquals(1_795_000_000_000L, Json.parse(redis.get(id)).get("queued").asLong());

        job = job.started(1_795_000_001_000L);
        saq.start(job);
        assertEquals(List.of(), redis.lrange("saq:default:queued", 0, -1));
        assertEquals(List.of(id), redis.lrange("saq:default:active", 0, -1));
        assertEquals("active", Json.parse(redis.get(id)).get("status").asText());

        job = job.retryAt(1_795_000_060L);
        saq.retryLater(job);
        assertEquals(List.of(), redis.lrange("saq:default:active", 0, -1));
        assertEquals(1_795_000_060.0, redis.zscore("saq:default:incomplete", id));

        job = job.retryAt(0);
        saq.requeue(job);
        assertEquals(List.of(id), redis.lrange("saq:default:queued", 0, -1));
        job = job.started(1_795_000_061_000L);
        saq.start(job);
        saq.finish(job.finished(1_795_000_062_000L, true));
        assertEquals(List.of(), redis.lrange("saq:default:active", 0, -1));
        assertNull(redis.zscore("saq:default:incomplete", id));
        assertEquals("complete", Json.parse(redis.get(id)).get("status").asText());
        assertEquals(2, Json.parse(redis.get(id)).get("attempts").asInt());
        long ttl = redis.ttl(id);
        assertTrue(ttl > 590 && ttl <= 600, "finished jobs are kept SAQ's 600 s: " + ttl);
    }
}
