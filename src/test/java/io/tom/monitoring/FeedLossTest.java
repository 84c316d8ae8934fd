package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import io.tom.monitoring.api.FailedCommandsFeed;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XTrimParams;

/**
 * Failures trimmed from tom:failed_commands before the failed-commands feed delivered them are
 * counted (tom_feed_failures_lost_total{consumer}) and logged, whether the feed never read them
 * or had taken them and not yet delivered them; the ones it can still read are delivered.
 */
class FeedLossTest extends TomApplicationTestSupport {

    @Test
    void failuresTrimmedBeforeDeliveryAreCountedWhetherUnreadOrPending() {
        FailedCommandsFeed feed = context.getRegistry().lookupByNameAndType("failedCommandsFeed",
                FailedCommandsFeed.class);
        assertEquals(0, feed.next("pager", 10).size(), "the feed starts at the newest entry");
        assertEquals(0.0, lost(), "registered at 0");

        add(5);
        redis.xtrim("tom:failed_commands", XTrimParams.xTrimParams().maxLen(2).exactTrimming());
        List<FailedCommandsFeed.Message> first = feed.next("pager", 10);
        assertEquals(List.of("job-3", "job-4"), first.stream().map(FailedCommandsFeed.Message::jobId).toList());
        assertEquals(3.0, lost(), "three never read");

        // job-3 and job-4 taken and not delivered, job-5 and job-6 never read: all trimmed away
        add(2);
        redis.xtrim("tom:failed_commands", XTrimParams.xTrimParams().maxLen(0).exactTrimming());
        assertEquals(0, feed.next("pager", 10).size());
        assertEquals(3.0 + 2.0 + 2.0, lost(), "two lost while pending, two more never read");

        add(1);
        List<FailedCommandsFeed.Message> last = feed.next("pager", 10);
        assertEquals(1, last.size());
        feed.delivered("pager", last.get(0).entryId());
        assertEquals(0, feed.next("pager", 10).size(), "delivered ones are not given again");
        assertEquals(7.0, lost(), "nothing more lost");
        // served from the feed's counters in Redis, so every controller, and a restarted one, says the same
        Map<String, String> counters = redis.hgetAll("tom:monitoring:{tom:failed_commands}:feed:pager");
        assertEquals(7, Long.parseLong(counters.get("lost_unread")) + Long.parseLong(counters.get("lost_pending")));
    }

    private int added;

    private void add(int n) {
        for (int i = 0; i < n; i++) {
            redis.xadd("tom:failed_commands", XAddParams.xAddParams(), Map.of("timestamp", "1763042000", "worker_id",
                    "w1", "device", "10.0.0.1", "command", "show version", "error_type", "auth", "error", "denied",
                    "job_id", "job-" + added++, "attempts", "1"));
        }
    }

    private double lost() {
        Exposition scrape = scrape();
        Double value = scrape.value(Exposition.series("tom_feed_failures_lost_total", "consumer", "pager"));
        return value == null ? -1 : value;
    }
}
