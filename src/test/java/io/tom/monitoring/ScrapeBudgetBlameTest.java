package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.support.CapturedLog;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 2: a scrape that runs out of its budget while Redis answers promptly blames the
 * controller (kind "budget", and what to do), not Redis. A slow Redis is still kind "timeout":
 * TimeBoundsIT, behind a proxy delaying every reply.
 */
class ScrapeBudgetBlameTest extends TomApplicationTestSupport {

    @Override
    protected Map<String, String> settings() {
        // far too little for thousands of devices: the budget runs out between round trips
        return Map.of("tom.scrape.timeout", "1ms", "tom.redis.scan-count", "100");
    }

    @Test
    void aScrapeOverItsBudgetWithAPromptRedisBlamesTheController() {
        for (int i = 0; i < 3000; i++) {
            redis.hset("tom:stats:device:10.9." + (i / 250) + "." + (i % 250), "complete", "1");
        }
        List<String> kinds = new ArrayList<>();
        try (CapturedLog log = new CapturedLog()) {
            // a busy machine may hold even a PING past 100 ms: that scrape says timeout, the next ones budget
            for (int scrape = 0; scrape < 10 && !kinds.contains("budget"); scrape++) {
                Exposition metrics = scrape();
                assertEquals(0.0, metrics.value("tom_redis_up"), "the fleet was not read in time");
                kinds.add(metrics.value(Exposition.series("tom_redis_errors", "kind", "budget")) == 1.0 ? "budget"
                        : metrics.value(Exposition.series("tom_redis_errors", "kind", "timeout")) == 1.0 ? "timeout"
                        : "neither");
            }
            assertTrue(kinds.contains("budget"), "scrapes said " + kinds);
            assertTrue(kinds.stream().allMatch(kind -> !kind.equals("neither")), "scrapes said " + kinds);
            List<String> blamed = log.linesWith("this controller could not read and build the fleet's series in time",
                    "set TOM_METRICS_DEVICE_LIMIT");
            assertEquals(1, blamed.size(), "one line a minute: " + log.lines());
            assertTrue(blamed.get(0).contains("(Redis is not the cause)"), blamed.get(0));
        }
    }
}
