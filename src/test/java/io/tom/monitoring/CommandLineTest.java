package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.support.ExternalTool;
import org.junit.jupiter.api.Test;

/**
 * The command line: help exits 0, anything it does not take is named on the first line and exits 2
 * (the jar's own main exits with these codes: ControllerStartupIT).
 */
class CommandLineTest {

    @Test
    void helpIsShownAndExitsZeroForTheControllerAndTheSimulator() {
        for (List<String> args : List.of(List.of("--help"), List.of("-h"))) {
            Result result = run(args);
            assertEquals(0, result.exit, result.output);
            assertTrue(result.output.startsWith("usage: java -jar tom-monitoring.jar"), result.output);
            assertTrue(result.output.contains("simulate"), result.output);
        }
        for (List<String> args : List.of(List.of("simulate", "--help"), List.of("simulate", "-h"))) {
            Result result = run(args);
            assertEquals(0, result.exit, result.output);
            assertTrue(result.output.startsWith("usage: java -jar tom-monitoring.jar simulate --workers N"), result.output);
            assertTrue(result.output.contains("--failure-rate") && result.output.contains("gating"), result.output);
        }
    }

    /** Issue 20, item 3: the version comes from the build (Maven's version, the checkout's revision). */
    @Test
    void versionNamesTheBuildsVersionRevisionAndJava() throws Exception {
        java.util.regex.Matcher project = java.util.regex.Pattern
                .compile("<artifactId>tom-monitoring</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(project.find(), "the project's version in pom.xml");
        String built = project.group(1);
        String revision = ExternalTool.run(Path.of("."), "git", "rev-parse", "--short=12", "HEAD").output().trim();
        for (String flag : List.of("--version", "-V")) {
            Result result = run(List.of(flag));
            assertEquals(0, result.exit, result.output);
            assertEquals("Tom Monitoring " + built + " (revision " + revision + ", Java "
                    + System.getProperty("java.version") + ")", result.output.trim());
        }
    }

    @Test
    void unknownCommandsOptionsAndBadValuesAreNamedAndExitTwo() {
        Map<List<String>, String> cases = Map.of(
                List.of("simulat"), "Unmatched argument at index 0: 'simulat'",
                List.of("--verbose"), "Unknown option: '--verbose'",
                List.of("simulate", "--workers", "2", "--devices", "3", "--colour"), "Unknown option: '--colour'",
                List.of("simulate", "--workers"), "Missing required parameter for option '--workers'",
                List.of("simulate", "--devices", "3"), "Missing required option: '--workers=N'",
                List.of("simulate", "--workers", "two", "--devices", "3"),
                        "Invalid value for option '--workers': must be a positive integer, got 'two'",
                List.of("simulate", "--workers", "2", "--devices", "3", "--redis-url", "http://x"),
                        "Invalid value for option '--redis-url': must look like redis://",
                List.of("simulate", "--workers", "2", "--devices", "3", "--failure-rate", "1.5"),
                        "Invalid value for option '--failure-rate': must be a number from 0.0 to 1.0, got '1.5'",
                List.of("simulate", "--workers", "2", "--devices", "3", "--cluster-nodes", "node-without-port"),
                        "Invalid value for option '--cluster-nodes': holds host:port entries, got 'node-without-port'");
        cases.forEach((args, firstLine) -> {
            Result result = run(args);
            assertEquals(2, result.exit, args + ": " + result.output);
            assertTrue(result.output.lines().findFirst().orElse("").startsWith(firstLine), args + ": " + result.output);
        });
    }

    private static Result run(List<String> args) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = TomMonitoringApplication.execute(args.toArray(String[]::new),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        return new Result(exit, output.toString(StandardCharsets.UTF_8));
    }

    private record Result(int exit, String output) {
    }
}
