package io.tom.monitoring.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.XAddParams;

/**
 * The time bound of the failed-commands reads, stated in bytes so that it holds on a busy machine:
 * a script run reads at most {@link BoundedEntries#BYTES_PER_RUN} plus one entry, so with entries
 * up to {@link BoundedEntries#OVERSIZED_ENTRY_BYTES} no run reads more than the two together
 * (bench/oversized-entries.sh turns those bytes into Redis's own milliseconds).
 */
class ScriptRunBoundTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final int MEGABYTE = 1024 * 1024;

    @Test
    void noRunReadsMoreThanItsBudgetPlusOneEntryOfTheBoundedSize() {
        RedisClient redis = REDIS.client();
        redis.flushAll();
        String almostBounded = "x".repeat(BoundedEntries.OVERSIZED_ENTRY_BYTES - 1000);
        String half = "y".repeat(MEGABYTE / 2);
        // small entries, then entries of half a megabyte, then ones just under the bound, mixed
        for (int i = 0; i < 30; i++) {
            redis.xadd(FailedCommand.STREAM, XAddParams.xAddParams(), failure("small-" + i, "show version"));
        }
        for (int i = 0; i < 6; i++) {
            redis.xadd(FailedCommand.STREAM, XAddParams.xAddParams(), failure("half-" + i, half));
            redis.xadd(FailedCommand.STREAM, XAddParams.xAddParams(), failure("bounded-" + i, almostBounded));
        }

        List<Long> runBytes = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        String newest = "+";
        while (true) {
            BoundedEntries.Page run = FailedCommandsReader.newestFirst(redis, newest, "-", BoundedEntries.ENTRIES_PER_RUN);
            runBytes.add(run.bytesRead());
            assertTrue(run.oversized().isEmpty(), "no entry is past the bound: " + run.oversized());
            run.entries().forEach(entry -> jobs.add(entry.getFields().get("job_id")));
            if (run.exhausted()) {
                break;
            }
            newest = "(" + run.entries().get(run.entries().size() - 1).getID();
        }

        assertEquals(42, jobs.size(), "every entry read once: " + jobs);
        assertEquals("bounded-5", jobs.get(0));
        assertEquals("small-0", jobs.get(41));
        long ceiling = BoundedEntries.BYTES_PER_RUN + BoundedEntries.OVERSIZED_ENTRY_BYTES;
        assertTrue(runBytes.stream().allMatch(bytes -> bytes <= ceiling), "runs read " + runBytes + " bytes");
        assertTrue(runBytes.size() >= 7, "a run stops once its budget is spent: " + runBytes);
    }

    @Test
    void anEntryPastTheBoundIsReadCutAndNamed() {
        RedisClient redis = REDIS.client();
        redis.flushAll();
        redis.xadd(FailedCommand.STREAM, XAddParams.xAddParams(), failure("older", "show clock"));
        String past = "z".repeat(BoundedEntries.OVERSIZED_ENTRY_BYTES + 1);
        String id = redis.xadd(FailedCommand.STREAM, XAddParams.xAddParams(), failure("huge", past)).toString();

        BoundedEntries.Page run = FailedCommandsReader.newestFirst(redis, "+", "-", BoundedEntries.ENTRIES_PER_RUN);
        assertEquals(1, run.entries().size(), "the run stops after the entry that spent its budget");
        assertEquals(4 * FailedCommand.ERROR_MAX_CHARS, run.entries().get(0).getFields().get("error").length());
        assertEquals(1, run.oversized().size());
        assertEquals(id, run.oversized().get(0).id());
        assertTrue(run.oversized().get(0).bytes() > BoundedEntries.OVERSIZED_ENTRY_BYTES);
    }

    private static Map<String, String> failure(String job, String error) {
        return Map.of("device", "10.1.1.1", "error_type", "other", "command", "show", "error", error, "job_id", job,
                "attempts", "1");
    }
}
