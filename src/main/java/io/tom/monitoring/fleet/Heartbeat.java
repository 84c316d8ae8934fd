package io.tom.monitoring.fleet;

/** A worker heartbeat ({@code tom:worker:heartbeat:{id}}) whose JSON parsed and carried a timestamp. */
public record Heartbeat(
        String workerId,
        double timestampSeconds,
        String hostname,
        String version,
        String status,
        Long pid) {

    public double ageSeconds(double nowSeconds) {
        return nowSeconds - timestampSeconds;
    }
}
