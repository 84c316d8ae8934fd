package io.tom.monitoring.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool the tests need from the machine (promtool, docker-compose), failing clearly when absent. */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** The binary's path, or an error naming the Debian package that provides it. */
    public static String find(String binary, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, binary);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new IllegalStateException(binary + " is not on the PATH; install it with: apt-get install " + debianPackage
                + " (.ci/run does)");
    }

    /** Runs the command in {@code dir}; returns its exit code and combined output. */
    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        return run(dir, java.util.Map.of(), command);
    }

    /** Runs the command in {@code dir} with {@code environment} added to this JVM's. */
    public static Result run(Path dir, java.util.Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(process.exitValue(), output);
    }

    public record Result(int exitCode, String output) {
    }
}
