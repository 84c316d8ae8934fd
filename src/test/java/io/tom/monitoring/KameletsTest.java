package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.JobOutcome;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TempFiles;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.writer.TomWriter;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Kamelets in the jar, used from a route file of an integration team's, as docs/extending.md shows them. */
class KameletsTest extends TomApplicationTestSupport {

    private Path routes;

    @Override
    protected Map<String, String> settings() {
        routes = TempFiles.routesFolder("team-routes.yaml", """
                    - route:
                        id: team-failure-feed
                        from:
                          uri: kamelet:tom-failed-commands-source
                          parameters:
                            consumerName: team-feed
                            period: 100ms
                          steps:
                            - to: mock:team-feed
                    - route:
                        id: team-job-recorder
                        from:
                          uri: direct:team-jobs
                          steps:
                            - to: kamelet:tom-job-outcome-sink
                    """);
        return Map.of("tom.routes.dir", routes.toString());
    }

    @AfterAll
    void removeRoutes() {
        TempFiles.delete(routes);
    }

    @Test
    void theSourceDeliversEachNewFailureOnceAsJsonAndAcknowledgesIt() throws Exception {
        MockEndpoint feed = context.getEndpoint("mock:team-feed", MockEndpoint.class);
        Await.until(() -> redis.exists("tom:failed_commands") && !redis.xinfoGroups("tom:failed_commands").isEmpty(),
                Duration.ofSeconds(20));
        TomWriter writer = new TomWriter(RedisConnections.standalone(redis));
        for (int i = 1; i <= 3; i++) {
            writer.recordJob(JobOutcome.failure("worker-1", "2001:db8::" + i, ErrorType.AUTH, "job-" + i, "show run",
                    "denied", "cred-1", 2, 0.5, Instant.now().getEpochSecond()));
        }
        Await.until(() -> messagesOf(feed).size() >= 3, Duration.ofSeconds(20));
        Thread.sleep(300);
        Map<String, JsonNode> received = messagesOf(feed);
        assertEquals(3, received.size(), "each failure once: " + received.keySet());

        for (var entry : redis.xrange("tom:failed_commands", "-", "+")) {
            String job = entry.getFields().get("job_id");
            if (!job.startsWith("job-")) {
                continue;
            }
            JsonNode message = received.get(job);
            assertEquals(entry.getID().toString(), message.get("entry_id").asText());
            assertEquals(entry.getFields().get("device"), message.get("device").asText());
            assertEquals("auth", message.get("error_type").asText());
            assertEquals("worker-1", message.get("worker").asText());
            assertEquals(2, message.get("attempts").asInt());
            assertTrue(message.get("timestamp").asText().endsWith("Z"));
        }
        assertEquals(0L, redis.xpending("tom:failed_commands", "tom-feed:team-feed").getTotal(), "all acknowledged");
    }

    /** The messages of this test's jobs (the sink test may add a failure of its own), by job id. */
    private static Map<String, JsonNode> messagesOf(MockEndpoint feed) {
        Map<String, JsonNode> byJob = new java.util.HashMap<>();
        for (var exchange : feed.getReceivedExchanges()) {
            String body = exchange.getMessage().getBody(String.class);
            JsonNode message = Json.parse(body);
            assertTrue(message.has("job_id"), body);
            String job = message.get("job_id").asText();
            if (job.startsWith("job-")) {
                assertEquals(null, byJob.put(job, message), "delivered twice: " + job);
            }
        }
        return byJob;
    }

    @Test
    void theSinkRecordsAJobInTomsLayoutAndRefusesWhatIsNotOne() {
        template.sendBody("direct:team-jobs", "{\"worker\": \"w9\", \"device\": \"10.9.9.1\", \"status\": \"failed\","
                + " \"error_type\": \"timeout\", \"command\": \"show version\", \"error\": \"timed out\"}");
        assertEquals(Map.of("failed", "1", "timeout_failed", "1"), redis.hgetAll("tom:stats:device:10.9.9.1"));
        Exception refused = assertThrows(Exception.class,
                () -> template.sendBody("direct:team-jobs", Map.of("worker", "w9", "status", "success")));
        assertTrue(String.valueOf(refused.getCause().getMessage()).contains("device is required"), refused.toString());
    }
}
