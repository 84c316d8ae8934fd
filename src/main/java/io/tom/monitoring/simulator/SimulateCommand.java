package io.tom.monitoring.simulator;

import java.io.PrintStream;
import java.net.URI;

import io.tom.monitoring.config.TomSettings;
import io.tom.monitoring.redis.RedisClientFactory;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.redis.RedisSettings;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/** {@code java -jar tom-monitoring.jar simulate ...}: parses the options, connects, runs the {@link FleetSimulator}. */
public final class SimulateCommand {

    private static final int REDIS_TIMEOUT_MILLIS = 2000;
    private static final int REDIS_POOL_SIZE = 8;

    private SimulateCommand() {
    }

    /** {@code simulate ...}: the exit code (0 done or help shown, 1 Redis unreachable, 2 bad arguments). */
    public static int run(String[] args, PrintStream out) {
        SimulatorOptions options;
        RedisSettings target;
        try {
            RedisSettings defaults = TomSettings.redisTarget(TomSettings.environment());
            options = SimulatorOptions.parse(args, defaults.url().toString(), String.join(",",
                    defaults.clusterNodes().stream().map(Object::toString).toList()));
            target = target(options);
        } catch (IllegalArgumentException e) {
            boolean helpAsked = e.getMessage().isEmpty();
            if (!helpAsked) {
                out.println("simulate: " + e.getMessage());
            }
            out.print(SimulatorOptions.USAGE);
            return helpAsked ? 0 : 2;
        }
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

    /** Where the options say to write, each bad value named by its option. */
    private static RedisSettings target(SimulatorOptions options) {
        URI url;
        try {
            url = RedisSettings.parseUrl(options.redisUrl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--redis-url " + e.getMessage(), e);
        }
        try {
            return RedisSettings.of(url, RedisSettings.parseNodes(String.join(",", options.clusterNodes())),
                    REDIS_TIMEOUT_MILLIS, REDIS_POOL_SIZE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cluster-nodes " + e.getMessage(), e);
        }
    }}
