package io.tom.monitoring.fleet;

/** One {@code device_lease:{host}:{port}} sorted set: how many of its leases have not expired. */
public record DeviceLease(String host, String port, long activeLeases) {
}
