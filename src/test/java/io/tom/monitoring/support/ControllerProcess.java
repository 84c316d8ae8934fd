package io.tom.monitoring.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The controller as a separate JVM, started like {@code java -jar tom-monitoring.jar} (same main
 * class, the test's class path), from a working directory and environment of the test's choice.
 */
public final class ControllerProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private ControllerProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static ControllerProcess start(Path workingDir, Map<String, String> environment, String... args)
            throws IOException {
        Path output = Files.createTempFile("tom-controller-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "io.tom.monitoring.TomMonitoringApplication"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        return new ControllerProcess(builder.start(), output);
    }

    /** The exit code, or fails when the process is still running after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The controller still runs after " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Waits until the output holds {@code text}, failing if the process exits first. */
    public void awaitOutput(String text, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (output().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("The controller exited with " + process.exitValue() + "; output:\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No '" + text + "' in the controller output within " + timeout + ":\n" + output());
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    public void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    public List<String> outputLines() {
        return output().lines().toList();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
