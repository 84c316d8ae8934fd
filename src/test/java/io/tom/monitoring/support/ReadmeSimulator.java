package io.tom.monitoring.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.simulator.FleetSimulator;
import io.tom.monitoring.simulator.SimulateCommand;
import io.tom.monitoring.simulator.SimulatorOptions;
import redis.clients.jedis.RedisClient;

/**
 * The simulator exactly as README.md's "Running it against your Redis" runs it (its options read
 * from the README, so the two cannot drift), in this JVM, writing to the test's Redis.
 */
public final class ReadmeSimulator implements AutoCloseable {

    private static final Pattern COMMAND = Pattern.compile("tom-monitoring\\.jar simulate((?: --[a-z-]+ [0-9.]+)+)");

    private final FleetSimulator simulator;
    private final CompletableFuture<Void> run;
    private final String command;

    private ReadmeSimulator(FleetSimulator simulator, String command) {
        this.simulator = simulator;
        this.command = command;
        this.run = CompletableFuture.runAsync(() -> {
            try {
                simulator.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Starts the README's simulate command against {@code redisUrl}. */
    public static ReadmeSimulator start(String redisUrl, RedisClient redis) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = COMMAND.matcher(readme);
        if (!m.find()) {
            throw new IllegalStateException("README.md shows no 'tom-monitoring.jar simulate --option value ...' command");
        }
        List<String> args = new ArrayList<>(List.of(m.group(1).trim().split(" ")));
        args.addAll(List.of("--redis-url", redisUrl));
        SimulatorOptions options = SimulateCommand.parse(args.toArray(String[]::new));
        return new ReadmeSimulator(new FleetSimulator(options, RedisConnections.standalone(redis),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), "simulate" + m.group(1));
    }

    /** The command as the README shows it. */
    public String command() {
        return command;
    }

    public FleetSimulator simulator() {
        return simulator;
    }

    /** Stops it as Ctrl-C would: jobs in flight finish. */
    public void stop() throws Exception {
        simulator.stop();
        run.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
