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
import io.tom.monitoring.support.CapturedLog;
import io.tom.monitoring.support.Exposition;
import io.tom.monitoring.support.ExternalTool;
import io.tom.monitoring.support.Json;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.params.XAddParams;

/**
 * Failed-command entries far larger than the layout allows (written by another program) never
 * fail an endpoint: fields are cut on the server to the layout's limits before they travel, and an
 * entry past the size the time bound covers is answered too, named once in the log and counted.
 * With the default 2 s Redis timeout: reading the 150 MB entry takes Redis longer than that on a
 * busy machine, and the answer still comes, within the API's own budget.
 */
class OversizedEntriesTest extends TomApplicationTestSupport {

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

        CapturedLog log = new CapturedLog();
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
        log.close();
        List<String> named = log.linesWith("Entry ", " of tom:failed_commands is 150.0 MB", "XDEL tom:failed_commands");
        assertEquals(1, named.size(), "the oversized entry is named once, however often it is read: " + log.lines());
        assertEquals(0, log.linesWith("is 6.0 MB").size(), "3 + 3 MB entries are within the bound");
        assertEquals(2.0, scrape().value(Exposition.series("tom_oversized_entry_reads_total", "stream",
                "tom:failed_commands")), "read by failed_commands, then by device_stats");

        // the Kamelet's feed reads the same entries cut on the server, all 121 at once
        List<FailedCommandsFeed.Message> fed = feed.next("oversized", 200);
        assertEquals(3.0, scrape().value(Exposition.series("tom_oversized_entry_reads_total", "stream",
                "tom:failed_commands")), "and by the feed");
        assertEquals(121, fed.size());
        assertEquals(1000, fed.get(120).error().length());
        assertTrue(fed.stream().allMatch(m -> m.command().length() <= 500 && m.error().length() <= 1000));
    }
}
