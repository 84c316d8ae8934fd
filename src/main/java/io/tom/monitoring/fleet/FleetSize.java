package io.tom.monitoring.fleet;

import java.util.HashMap;
import java.util.Map;

/** How many devices and leases a read found, so the next read's maps are made that large at once. */
record FleetSize(int devices, int leases) {

    <V> Map<String, V> devicesMap() {
        return sized(devices);
    }

    <V> Map<String, V> leasesMap() {
        return sized(leases);
    }

    /** A map that holds {@code expected} entries without growing (HashMap grows at 3/4 full). */
    private static <V> Map<String, V> sized(int expected) {
        return new HashMap<>(Math.max(16, (int) (expected / 0.75f) + 1));
    }
}
