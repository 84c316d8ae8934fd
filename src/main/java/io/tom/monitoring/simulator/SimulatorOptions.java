package io.tom.monitoring.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.tom.monitoring.config.TomSettings;
import io.tom.monitoring.trimming.Durations;

/**
 * {@code simulate --workers N --devices M [--rate jobs/s] [--failure-rate 0.05] [--duration 30s]
 * [--redis-url URL] [--cluster-nodes host:port,...] [--queue NAME]}.
 */
public record SimulatorOptions(int workers, int devices, double rate, double failureRate, Duration duration,
        String redisUrl, List<String> clusterNodes, String queue) {

    public static final String USAGE = """
            usage: java -jar tom-monitoring.jar simulate --workers N --devices M [options]
              --workers N         simulated workers (heartbeats every 30 s)           required
              --devices M         simulated devices (IPv4, IPv6 and host names)       required
              --rate R            jobs per second across the fleet                    default 20
              --failure-rate F    share of jobs that fail, 0 to 1                     default 0.05
              --duration D        stop after D (30s, 5m, 1h); without it, run until Ctrl-C
              --redis-url URL     Redis to write to        default $%s or redis://localhost:6379/0
              --cluster-nodes N   host:port,... of a Redis Cluster to write to instead  default $%s
              --queue NAME        SAQ queue the jobs pass through                     default default
            """.formatted(TomSettings.variable(TomSettings.REDIS_URL), TomSettings.variable(TomSettings.REDIS_CLUSTER_NODES));

    public static SimulatorOptions parse(String[] args, String defaultRedisUrl, String defaultClusterNodes) {
        Integer workers = null;
        Integer devices = null;
        double rate = 20;
        double failureRate = 0.05;
        Duration duration = Duration.ZERO;
        String redisUrl = defaultRedisUrl;
        String queue = "default";
        String clusterNodes = defaultClusterNodes;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if ("--help".equals(option) || "-h".equals(option)) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--workers" -> workers = positiveInt(option, value);
                case "--devices" -> devices = positiveInt(option, value);
                case "--rate" -> rate = number(option, value, 0.001, 100_000);
                case "--failure-rate" -> failureRate = number(option, value, 0, 1);
                case "--duration" -> duration = Durations.parse(value, "--duration");
                case "--redis-url" -> redisUrl = value;
                case "--queue" -> queue = value;
                case "--cluster-nodes" -> clusterNodes = value;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (workers == null || devices == null) {
            throw new IllegalArgumentException("--workers and --devices are required");
        }
        List<String> nodes = Arrays.stream(clusterNodes == null ? new String[0] : clusterNodes.split(","))
                .map(String::trim).filter(n -> !n.isEmpty()).toList();
        return new SimulatorOptions(workers, devices, rate, failureRate, duration, redisUrl, nodes, queue);
    }

    private static int positiveInt(String option, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive integer, got '" + value + "'");
    }

    private static double number(String option, String value, double min, double max) {
        try {
            double parsed = Double.parseDouble(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a number from " + min + " to " + max + ", got '"
                + value + "'");
    }
}
