package io.tom.monitoring.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The controller as a separate JVM, started like {@code java -jar tom-monitoring.jar} (same main
 * class, the test's class path), from a working directory and environment of the test's choice.
 */
public final class ControllerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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
        // env (which execs, so the pid is the JVM's) undoes an ignored SIGINT the test JVM may have
        // inherited from a background launch: the interrupt tests need the JVM's own handling of it
        List<String> command = new java.util.ArrayList<>(List.of("env", "--default-signal=INT", java, "-Xmx256m", "-cp",
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
    public void awaitOutput(String text, Duration timeout) {
        try {
            Awaitility.await("'" + text + "' in the controller output").atMost(timeout)
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        if (output().contains(text)) {
                            return true;
                        }
                        if (!process.isAlive()) {
                            throw new AssertionError("The controller exited with " + process.exitValue()
                                    + "; output:\n" + output());
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + ":\n" + output(), e);
        }
    }

    /**
     * Waits until the controller on {@code port} answers its liveness check with 200, failing if
     * the process exits first.
     */
    public void awaitHealthy(int port, Duration timeout) {
        URI live = URI.create("http://127.0.0.1:" + port + "/observe/health/live");
        try {
            Awaitility.await("the controller on port " + port + " to answer " + live).atMost(timeout)
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("The controller exited with " + process.exitValue()
                                    + "; output:\n" + output());
                        }
                        try {
                            return HTTP.send(HttpRequest.newBuilder(live).timeout(Duration.ofSeconds(2)).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                        } catch (IOException notListeningYet) {
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; output:\n" + output(), e);
        }
    }

    /** SIGKILL: the controller dies at once, wherever it is, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM, as an orchestrator stopping it does, and waits for the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the controller did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
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
            process.waitFor(10, TimeUnit.SECONDS);
        }
        TempFiles.delete(output);
    }
}
