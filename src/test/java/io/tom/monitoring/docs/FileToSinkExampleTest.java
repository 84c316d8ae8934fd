package io.tom.monitoring.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.CapturedLog;
import io.tom.monitoring.support.TempFiles;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * docs/extending.md's file-to-sink example, as the docs print it (only its folder moved to a
 * temporary one): a good file is recorded once; a bad file is set aside once with one log line,
 * not retried every half second with stack traces (issue 21, item 4).
 */
class FileToSinkExampleTest extends TomApplicationTestSupport {

    private static Path folder;
    private static Path inbox;

    @Override
    protected Map<String, String> settings() {
        try {
            String docs = Files.readString(Path.of("docs/extending.md"));
            Matcher example = Pattern.compile("```yaml\\n(- route:\\n    id: jobs-from-my-broker\\n.*?)```", Pattern.DOTALL)
                    .matcher(docs);
            assertTrue(example.find(), "docs/extending.md shows the jobs-from-my-broker route");
            Path base = Files.createTempDirectory("tom-inbox-");
            inbox = base.resolve("inbox/jobs");
            folder = TempFiles.routesFolder("jobs-from-files.yaml", example.group(1).replace("inbox/jobs", inbox.toString()));
            TempFiles.delete(base);
            return Map.of("tom.routes.dir", folder.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void deleteFolders() {
        TempFiles.delete(folder);
        if (inbox != null) {
            TempFiles.delete(inbox.getParent().getParent());
        }
    }

    @Test
    void aBadFileIsSetAsideOnceWithOneLineAndAGoodOneIsRecorded() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            Files.createDirectories(inbox);
            Files.writeString(inbox.resolve("bad.json"), "{\"worker\": \"w1\", \"device\": \"10.0.0.1\", \"status\": \"maybe\"}");
            Files.writeString(inbox.resolve("good.json"), "{\"worker\": \"w1\", \"device\": \"10.0.0.1\", \"status\": \"success\"}");
            Await.until(() -> "1".equals(redis.hget("tom:stats:global", "complete"))
                    && Files.exists(inbox.resolve("failed/bad.json")), Duration.ofSeconds(30));
            // long enough for several polls of the folder: nothing is read again
            Thread.sleep(3000);
            assertFalse(Files.exists(inbox.resolve("bad.json")));
            assertFalse(Files.exists(inbox.resolve("good.json")));
            assertEquals("1", redis.hget("tom:stats:global", "complete"));
            List<String> aboutBad = log.lines().stream().filter(line -> line.contains("bad.json")).toList();
            assertEquals(1, aboutBad.size(), "one line names the bad file: " + aboutBad);
            assertTrue(aboutBad.get(0).startsWith("WARN ") && aboutBad.get(0).contains("status must be 'success' or 'failed'"),
                    aboutBad.get(0));
            assertEquals(List.of(), log.lines().stream().filter(line -> line.startsWith("ERROR")).toList());
        }
    }
}
