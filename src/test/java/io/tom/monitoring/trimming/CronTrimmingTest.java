package io.tom.monitoring.trimming;

import java.time.Duration;
import java.util.Map;

import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.XAddParams;

/** TOM_TRIM_INTERVAL as a Quartz cron expression: the trimming routes run on it. */
class CronTrimmingTest extends TomApplicationTestSupport {

    @Override
    protected Map<String, String> settings() {
        return Map.of("tom.trim.interval", "*/1 * * * * ?", "tom.trim.failed-commands-maxlen", "10");
    }

    @Test
    void trimsOnTheCronSchedule() throws Exception {
        for (int i = 0; i < 25; i++) {
            redis.xadd("tom:failed_commands", XAddParams.xAddParams(), Map.of("device", "d", "error_type", "auth",
                    "command", "c", "error", "e"));
        }
        Await.until(() -> redis.xlen("tom:failed_commands") == 10, Duration.ofSeconds(15));
    }
}
