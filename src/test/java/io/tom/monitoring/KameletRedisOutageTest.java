package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.JobOutcome;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.CapturedLog;
import io.tom.monitoring.support.TempFiles;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.writer.TomWriter;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A route on the tom-failed-commands-source Kamelet while Redis is down: one line per cause a
 * minute, like the built-in routes, and a line when it delivers again (issue 21, item 2: an ERROR
 * and a WARN with stack traces on every poll before, 2,721 lines in 20 s at a 1 s period).
 */
class KameletRedisOutageTest extends TomApplicationTestSupport {

    private Path routes;

    @Override
    protected Map<String, String> settings() {
        routes = TempFiles.routesFolder("team-routes.yaml", """
                    - route:
                        id: team-failure-feed
                        from:
                          uri: kamelet:tom-failed-commands-source
                          parameters:
                            consumerName: outage-feed
                            period: 100ms
                          steps:
                            - to: mock:outage-feed
                    """);
        return Map.of("tom.routes.dir", routes.toString());
    }

    @AfterAll
    void removeRoutes() {
        TempFiles.delete(routes);
    }

    @Test
    void whileRedisIsDownTheFeedLogsOnceAndSaysWhenItDeliversAgain() throws Exception {
        MockEndpoint feed = context.getEndpoint("mock:outage-feed", MockEndpoint.class);
        Await.until(() -> redis.exists("tom:failed_commands") && !redis.xinfoGroups("tom:failed_commands").isEmpty(),
                Duration.ofSeconds(20));
        try (CapturedLog log = new CapturedLog()) {
            redisServer.stop();
            // 30 polls or more
            Thread.sleep(3000);
            List<String> during = log.lines();
            List<String> aboutTheFeed = during.stream().filter(line -> line.contains("outage-feed")).toList();
            assertEquals(1, aboutTheFeed.size(), "one line while Redis is down: " + during);
            assertTrue(aboutTheFeed.get(0).startsWith("WARN RedisRefusalLog - "), aboutTheFeed.get(0));
            assertTrue(aboutTheFeed.get(0).contains("failed-commands feed 'outage-feed'"), aboutTheFeed.get(0));
            assertEquals(List.of(), during.stream().filter(line -> line.startsWith("ERROR")).toList());

            redisServer.start();
            reconnectRedis();
            // the feed's group is back (recreated if the restart lost it) before the new failure is written
            Await.until(() -> redis.exists("tom:failed_commands") && !redis.xinfoGroups("tom:failed_commands").isEmpty(),
                    Duration.ofSeconds(30));
            TomWriter writer = new TomWriter(RedisConnections.standalone(redis));
            writer.recordJob(JobOutcome.failure("worker-1", "10.0.0.7", ErrorType.TIMEOUT, "after-outage", "show run",
                    "timed out", "cred-1", 1, 0.5, Instant.now().getEpochSecond()));
            Await.until(() -> feed.getReceivedExchanges().stream()
                    .anyMatch(e -> e.getMessage().getBody(String.class).contains("after-outage")), Duration.ofSeconds(30));
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("Feed 'outage-feed': Redis answers again")),
                    log.lines().toString());
        }
    }
}
