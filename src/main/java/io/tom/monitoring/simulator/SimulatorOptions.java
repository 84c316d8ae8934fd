package io.tom.monitoring.simulator;

import java.time.Duration;
import java.util.List;

/**
 * What {@code simulate} was asked for (parsed and checked by {@link SimulateCommand}).
 *
 * @param failureRate the share of jobs made to fail; device-busy (gating) failures come on top
 */
public record SimulatorOptions(int workers, int devices, double rate, double failureRate, Duration duration,
        String redisUrl, List<String> clusterNodes, String queue) {
}
