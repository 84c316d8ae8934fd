package io.tom.monitoring.simulator;

import java.time.Duration;
import java.util.List;

/**
 * What {@code simulate} was asked for (parsed and checked by {@link SimulateCommand}).
 *
 * @param failureRate the share of jobs made to fail; device-busy (gating) failures come on top
 * @param hangRate    the share of jobs that hang: they hold their device's lease and stay active past their
 *                    timeout until the simulator stops
 */
public record SimulatorOptions(int workers, int devices, double rate, double failureRate, double hangRate,
        Duration duration, String redisUrl, List<String> clusterNodes, String queue) {
}
