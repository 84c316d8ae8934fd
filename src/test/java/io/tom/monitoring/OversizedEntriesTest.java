package io.tom.monitoring;

import java.util.List;

import io.tom.monitoring.api.FailedCommandsFeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tom.monitoring.support.ExternalTool;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.params.XAddParams;

/**
 * Failed-command entries far larger than the layout allows (written by another program) never
 * fail an endpoint: fields are cut on the server to the layout's limits before they travel.
 */
class OversizedEntriesTest extends TomApplicationTestSupport {

    /**
     * What this class proves is the cut to the layout's limits. One bounded script over the 150 MB
     * entry takes 1.1-1.6 s of Redis time, which the default 2 s timeout misses on a busy machine;
     * the time bound itself is the open "503 for a large entry" item, with its own test to come.
     */
    @Override
    protected java.util.Map<String, String> settings() {
        return java.util.Map.of("tom.redis.timeout-ms", "10000");
    }


    @TempDir
    Path dir;

    @Test
    void hugeEntriesAreCutToTheLayoutsLimits() throws Exception {
        redis.flushAll();
        FailedCommandsFeed feed = context.getRegistry().lookupByNameAndType("failedCommandsFeed", FailedCommandsFeed.class);
        // the feed starts at the stream's newest entry: from here on
        assertEquals(0, feed.next("oversized", 10).size());
        String threeMegabytes = "c".repeat(3 * 1024 * 1024);
        for (int i = 0; i < 120; i++) {
            redis.xadd("tom:failed_commands", XAddParams.xAddParams(), Map.of("device", "10.7.7.7", "error_type",
                    "other", "command", threeMegabytes, "error", threeMegabytes, "job_id", "big-" + i, "attempts", "1"));
        }
        // one entry of 150 MB, written by redis-cli from a file, so the test's own heap never holds it
        Path huge = dir.resolve("error.txt");
        try (var out = Files.newOutputStream(huge)) {
            byte[] block = "e".repeat(1024 * 1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < 150; i++) {
                out.write(block);
            }
        }
        ExternalTool.Result added = ExternalTool.run(dir, "sh", "-c", ExternalTool.find("redis-cli", "redis-tools")
                + " -p " + redisServer.port() + " -x XADD tom:failed_commands '*' device 10.7.7.7 error_type timeout"
                + " command show job_id huge attempts 1 error < " + huge);
        assertEquals(0, added.exitCode(), added.output());

        HttpResponse<String> response = get("/api/monitoring/failed_commands?limit=10");
        assertEquals(200, response.statusCode(), response.body().substring(0, Math.min(300, response.body().length())));
        JsonNode failures = Json.parse(response.body()).get("failures");
        assertEquals(10, failures.size());
        assertEquals("huge", failures.get(0).get("job_id").asText(), "newest first");
        assertEquals(1000, failures.get(0).get("error").asText().length(), "error cut to 1000 characters");
        assertEquals(500, failures.get(1).get("command").asText().length(), "command cut to 500 characters");

        HttpResponse<String> device = get("/api/monitoring/device_stats/10.7.7.7");
        assertEquals(200, device.statusCode());
        assertEquals(10, Json.parse(device.body()).get("recent_failures").size());
        assertTrue(response.body().length() < 2_000_000, "a bounded answer: " + response.body().length());

        // the Kamelet's feed reads the same entries cut on the server, all 121 at once
        List<FailedCommandsFeed.Message> fed = feed.next("oversized", 200);
        assertEquals(121, fed.size());
        assertEquals(1000, fed.get(120).error().length());
        assertTrue(fed.stream().allMatch(m -> m.command().length() <= 500 && m.error().length() <= 1000));
    }
}
