package io.tom.monitoring.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.tom.monitoring.support.ControllerProcess;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.RedisServerExtension;
import io.tom.monitoring.support.TomFleetFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/** {@code simulate}: a synthetic fleet written through the project's writer, in Tom's layout. */
class FleetSimulatorIT {

    private static final Pattern DONE = Pattern.compile("simulate: done, (\\d+) jobs written .*, (\\d+) failed, 0 in flight");
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @TempDir
    Path workingDir;

    private RedisClient redis;

    @BeforeEach
    void flush() {
        redis = REDIS.client();
        redis.flushAll();
    }

    @Test
    void writesAFleetForItsDurationAndLeavesNothingInFlight() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = SimulateCommand.run(new String[] {"--workers", "3", "--devices", "12", "--rate", "40",
                "--failure-rate", "0.3", "--duration", "3s", "--redis-url", REDIS.server().url()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String printed = output.toString(StandardCharsets.UTF_8);

        assertEquals(0, exit, printed);
        assertTrue(printed.startsWith("simulate: 3 workers, 12 devices, 40.0 jobs/s, failure rate 0.30"), printed);
        Matcher done = DONE.matcher(printed);
        assertTrue(done.find(), printed);
        long jobs = Long.parseLong(done.group(1));
        long failed = Long.parseLong(done.group(2));
        assertTrue(jobs > 60, "about 120 jobs in 3 s at 40/s, got " + jobs);

        Map<String, String> global = redis.hgetAll("tom:stats:global");
        assertEquals(jobs, Long.parseLong(global.get("complete")) + Long.parseLong(global.get("failed")));
        assertEquals(failed, Long.parseLong(global.get("failed")));
        assertEquals(jobs, redis.xlen("tom:metrics:stream"));
        assertEquals(failed, redis.xlen("tom:failed_commands"));
        long byType = global.entrySet().stream().filter(e -> e.getKey().endsWith("_failed"))
                .mapToLong(e -> Long.parseLong(e.getValue())).sum();
        assertEquals(failed, byType, "every failure has exactly one error type");

        assertEquals(Set.of("tom:worker:heartbeat:sim-worker-01", "tom:worker:heartbeat:sim-worker-02",
                "tom:worker:heartbeat:sim-worker-03"), redis.keys("tom:worker:heartbeat:*"));
        Set<String> devices = redis.keys("tom:stats:device:*").stream()
                .map(k -> k.substring("tom:stats:device:".length())).collect(Collectors.toSet());
        assertTrue(devices.stream().anyMatch(d -> d.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")), devices.toString());
        assertTrue(devices.stream().anyMatch(d -> d.startsWith("2001:db8::")), devices.toString());
        assertTrue(devices.stream().anyMatch(d -> d.endsWith(".lab.example.net")), devices.toString());

        assertEquals(0, redis.llen("saq:default:queued"));
        assertEquals(0, redis.llen("saq:default:active"));
        double now = new TomFleetFixture(redis).redisTime();
        for (String lease : redis.keys("device_lease:*")) {
            assertEquals(0, redis.zcount(lease, "(" + now, "+inf"), "lease released: " + lease);
        }
    }

    @Test
    void ctrlCStopsCleanlyAfterTheJobsInFlight() throws Exception {
        try (ControllerProcess simulator = ControllerProcess.start(workingDir, Map.of(), "simulate",
                "--workers", "2", "--devices", "20", "--rate", "30", "--redis-url", REDIS.server().url())) {
            simulator.awaitOutput("jobs written", Duration.ofSeconds(30));
            simulator.interrupt();
            simulator.awaitExit(Duration.ofSeconds(30));
            Matcher done = DONE.matcher(simulator.output());
            assertTrue(done.find(), simulator.output());
            Map<String, String> global = redis.hgetAll("tom:stats:global");
            assertEquals(Long.parseLong(done.group(1)), Long.parseLong(global.get("complete"))
                    + Long.parseLong(global.getOrDefault("failed", "0")));
            assertEquals(0, redis.llen("saq:default:active"));
        }
    }

    @Test
    void badArgumentsPrintTheUsage() {
        for (List<String> args : List.of(List.of("--workers", "0", "--devices", "3"), List.of("--devices", "3"),
                List.of("--workers", "2", "--devices", "3", "--failure-rate", "1.5"),
                List.of("--workers", "2", "--devices", "3", "--duration", "soon"))) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exit = SimulateCommand.run(args.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
            assertEquals(2, exit, args.toString());
            assertTrue(output.toString(StandardCharsets.UTF_8).contains("usage: java -jar tom-monitoring.jar simulate"));
        }
    }

    @Test
    void anUnreachableRedisIsReportedWithExitCode1() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = SimulateCommand.run(new String[] {"--workers", "1", "--devices", "1", "--redis-url",
                "redis://127.0.0.1:" + RedisServer.freePort()}, new PrintStream(output, true, StandardCharsets.UTF_8));
        assertEquals(1, exit);
        assertTrue(output.toString(StandardCharsets.UTF_8).contains("simulate: cannot reach Redis at redis://127.0.0.1:"));
    }
}
