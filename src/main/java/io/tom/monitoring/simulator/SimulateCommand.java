package io.tom.monitoring.simulator;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.tom.monitoring.config.TomSettings;
import io.tom.monitoring.redis.RedisClientFactory;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisSettings;
import io.tom.monitoring.redis.RedisTls;
import io.tom.monitoring.trimming.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/** {@code java -jar tom-monitoring.jar simulate ...}: parses the options, connects, runs the {@link FleetSimulator}. */
@Command(name = "simulate", sortOptions = false, synopsisHeading = "",
        customSynopsis = "usage: java -jar tom-monitoring.jar simulate --workers N --devices M [options]",
        description = "Drives a synthetic Tom fleet into Redis through the project's own writer: heartbeats, jobs"
                + " through an SAQ queue, device leases, stats, streams. Stops after --duration or on Ctrl-C.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, or help shown", "1:Redis unreachable", "2:bad arguments"})
public final class SimulateCommand implements Callable<Integer> {

    private static final int REDIS_TIMEOUT_MILLIS = 2000;
    private static final int REDIS_POOL_SIZE = 8;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--workers", required = true, paramLabel = "N", converter = PositiveInt.class,
            description = "simulated workers (each heartbeats every 30 s)")
    int workers;

    @Option(names = "--devices", required = true, paramLabel = "M", converter = PositiveInt.class,
            description = "simulated devices (IPv4, IPv6 and host names)")
    int devices;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "20", converter = Rate.class,
            description = "jobs per second across the fleet, 0.001 to 100000 (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--failure-rate", paramLabel = "F", defaultValue = "0.002", converter = Share.class,
            description = "share of jobs made to fail, 0 to 1 (default: ${DEFAULT-VALUE}, a healthy fleet within the"
                    + " default 99%% job-success objective; 0.05 spends its error budget five times too fast); jobs that"
                    + " find their device busy fail as gating on top of it, more often the fewer devices there are")
    double failureRate;

    @Option(names = "--hang-rate", paramLabel = "H", defaultValue = "0", converter = Share.class,
            description = "share of jobs that hang, 0 to 1 (default: ${DEFAULT-VALUE}): each holds its device's lease and"
                    + " stays active past its " + SimulatedJob.TIMEOUT_SECONDS + " s timeout until the simulator stops,"
                    + " as a stuck device session does (tom_jobs_overdue, GET /api/monitoring/active_jobs)")
    double hangRate;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "0", converter = DurationValue.class,
            description = "stop after D (30s, 5m, 1h); without it, run until Ctrl-C")
    Duration duration;

    @Option(names = "--redis-url", paramLabel = "URL", converter = RedisUrl.class,
            description = "Redis to write to (default: the controller's Redis setting, redis://localhost:6379/0 unless set)")
    URI redisUrl;

    @Option(names = "--cluster-nodes", paramLabel = "host:port,...", converter = ClusterNodes.class,
            description = "a Redis Cluster to write to instead (default: the controller's cluster setting)")
    NodeList clusterNodes;

    @Option(names = "--queue", paramLabel = "NAME", defaultValue = "default",
            description = "SAQ queue the jobs pass through (default: ${DEFAULT-VALUE})")
    String queue;

    private PrintStream out;

    /** {@code simulate ...}: the exit code (0 done or help shown, 1 Redis unreachable, 2 bad arguments). */
    public static int run(String[] args, PrintStream out) {
        SimulateCommand command = new SimulateCommand();
        command.out = out;
        return commandLine(command, out).execute(args);
    }

    /** The command with its output on {@code out}; also the controller's {@code simulate} subcommand. */
    static CommandLine commandLine(SimulateCommand command, PrintStream out) {
        PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
        return new CommandLine(command).setOut(writer).setErr(writer);
    }

    /** For the controller's command line, which registers this as its {@code simulate} subcommand. */
    public static SimulateCommand printingTo(PrintStream out) {
        SimulateCommand command = new SimulateCommand();
        command.out = out;
        return command;
    }

    @Override
    public Integer call() {
        RedisSettings target;
        try {
            RedisSettings defaults = TomSettings.redisTarget(TomSettings.environment());
            java.net.URI url = redisUrl != null ? redisUrl : defaults.url();
            target = RedisSettings.of(url, clusterNodes != null ? clusterNodes.nodes() : defaults.clusterNodes(),
                    REDIS_TIMEOUT_MILLIS, REDIS_POOL_SIZE,
                    JedisURIHelper.isRedisSSLScheme(url) ? defaults.tls() : RedisTls.none());
        } catch (IllegalArgumentException e) {
            out.println("simulate: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        SimulatorOptions options = options(target.url().toString(),
                target.clusterNodes().stream().map(HostAndPort::toString).toList());
        RedisConnections connections;
        try {
            connections = RedisClientFactory.connect(target);
            connections.onEachPrimary(redis -> redis.ping());
        } catch (JedisException e) {
            out.println("simulate: cannot reach Redis at " + target.describe() + ": " + e.getMessage());
            return 1;
        }
        try (UnifiedJedis redis = connections.client()) {
            FleetSimulator simulator = new FleetSimulator(options, connections, out, target.describe());
            Thread hook = new Thread(simulator::stopAndAwait, "simulator-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            simulator.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for run() to finish
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * The options a command line asks for, without running it: for tests that run exactly the
     * command the README shows, against their own Redis ({@code --redis-url} among the arguments).
     */
    public static SimulatorOptions parse(String... args) {
        SimulateCommand command = new SimulateCommand();
        new CommandLine(command).parseArgs(args);
        if (command.redisUrl == null) {
            throw new IllegalArgumentException("--redis-url is needed to parse a command without running it");
        }
        return command.options(command.redisUrl.toString(), List.of());
    }

    private SimulatorOptions options(String url, List<String> cluster) {
        return new SimulatorOptions(workers, devices, rate, failureRate, hangRate, duration, url, cluster, queue);
    }

    /** Whole numbers of at least 1. */
    static final class PositiveInt implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("must be a positive integer, got '" + value + "'");
        }
    }

    /** Numbers within bounds, named in the complaint. */
    abstract static class Bounded implements CommandLine.ITypeConverter<Double> {
        private final double min;
        private final double max;

        Bounded(double min, double max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Double convert(String value) {
            try {
                double parsed = Double.parseDouble(value.trim());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("must be a number from " + min + " to " + max + ", got '"
                    + value + "'");
        }
    }

    static final class Rate extends Bounded {
        Rate() {
            super(0.001, 100_000);
        }
    }

    static final class Share extends Bounded {
        Share() {
            super(0, 1);
        }
    }

    /** A value read by one of the project's own parsers, whose complaint becomes picocli's. */
    abstract static class Checked<T> implements CommandLine.ITypeConverter<T> {
        private final java.util.function.Function<String, T> parse;

        Checked(java.util.function.Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class DurationValue extends Checked<Duration> {
        DurationValue() {
            super(Durations::parse);
        }
    }

    static final class RedisUrl extends Checked<URI> {
        RedisUrl() {
            super(RedisSettings::parseUrl);
        }
    }

    /** The nodes of {@code --cluster-nodes}, one option value. */
    record NodeList(List<HostAndPort> nodes) {
    }

    static final class ClusterNodes extends Checked<NodeList> {
        ClusterNodes() {
            super(value -> new NodeList(RedisSettings.parseNodes(value)));
        }
    }
}
