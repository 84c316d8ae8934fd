package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.ControllerHttp;
import io.tom.monitoring.support.RedisServer;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, bin/demo, as a newcomer meets it: a live simulated fleet on one port
 * without a Redis of one's own, and nothing left behind once interrupted (the Ctrl-C of a terminal).
 */
class DemoIT {

    private static final Pattern REDIS_URL = Pattern.compile("redis://127\\.0\\.0\\.1:(\\d+)/0");
    private static final Pattern WORK_DIR = Pattern.compile("removes (\\S+)");

    @Test
    void theDemoServesALiveFleetAndLeavesNothingBehindOnInterrupt() throws Exception {
        int port = RedisServer.freePort();
        Path output = Files.createTempFile("tom-demo-", ".log");
        // as from a terminal, whatever SIGINT disposition this JVM inherited (a background job's is "ignored")
        ProcessBuilder builder = new ProcessBuilder("env", "--default-signal=INT", "bash", "bin/demo")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("TOM_HTTP_PORT", String.valueOf(port));
        Process demo = builder.start();
        try {
            Await.until(() -> read(output).contains("Ctrl-C stops everything") || !demo.isAlive(), Duration.ofSeconds(120));
            String printed = read(output);
            assertTrue(demo.isAlive(), printed);
            assertTrue(printed.contains("http://127.0.0.1:" + port + "/api/metrics"), printed);
            Matcher redisUrl = REDIS_URL.matcher(printed);
            Matcher workDir = WORK_DIR.matcher(printed);
            assertTrue(redisUrl.find() && workDir.find(), printed);
            int redisPort = Integer.parseInt(redisUrl.group(1));
            Path work = Path.of(workDir.group(1));

            // the simulator's five workers heartbeat and their jobs are counted
            Await.until(() -> Double.valueOf(5).equals(ControllerHttp.value(port, "tom_workers_active")),
                    Duration.ofSeconds(60));
            Await.until(() -> ControllerHttp.get(port, "/api/monitoring/stats/summary").contains("\"global\""),
                    Duration.ofSeconds(30));

            new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid())).start().waitFor();
            assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "stopped after the interrupt:\n" + read(output));
            assertEquals(0, demo.exitValue(), read(output));
            assertFalse(Files.exists(work), work + " removed");
            assertFalse(listening(port), "the controller is gone");
            assertFalse(listening(redisPort), "the demo's redis-server is gone");
        } finally {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "";
        }
    }
}
