package io.tom.monitoring.domain;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which part of the fleet one controller exports when the scrape is split across controllers
 * ({@code TOM_METRICS_SHARD} of {@code TOM_METRICS_TOTAL_SHARDS}, docs/performance.md, "Sharded
 * controllers"). A device belongs to shard {@code CRC-32(UTF-8 bytes of its id) mod total}: stable
 * across controllers, restarts and versions, and computable by anyone (Python's
 * {@code zlib.crc32(id.encode()) % total}). Shard 0 also exports everything that is not one
 * device's: the fleet-wide and per-worker series, heartbeats, queues, streams and the job history's
 * fleet-wide figures.
 *
 * @param shard this controller's shard, 0 to {@code total - 1}
 * @param total how many shards the fleet is split into; 1 is the unsharded controller
 */
public record DeviceShard(int shard, int total) {

    /** The unsharded controller: every device, and the fleet. */
    public static final DeviceShard WHOLE_FLEET = new DeviceShard(0, 1);

    public DeviceShard {
        if (total < 1) {
            throw new IllegalArgumentException("the total number of shards must be 1 or more, got " + total);
        }
        if (shard < 0 || shard >= total) {
            throw new IllegalArgumentException("the shard must be 0 to " + (total - 1) + " (shards are numbered from 0),"
                    + " got " + shard);
        }
    }

    /** The shard a device belongs to, of {@code total}. */
    public static int of(String device, int total) {
        CRC32 crc = new CRC32();
        crc.update(device.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % total);
    }

    /** Whether this controller exports the device's series. */
    public boolean owns(String device) {
        return total == 1 || of(device, total) == shard;
    }

    /** Whether this controller exports the series that are not one device's (shard 0). */
    public boolean holdsFleet() {
        return shard == 0;
    }

    public boolean sharded() {
        return total > 1;
    }

    /** For the startup line: "shard 2 of 8 (its devices only)", or "every device". */
    public String describe() {
        if (!sharded()) {
            return "every device";
        }
        return "shard " + shard + " of " + total + (holdsFleet() ? " (its devices, and the fleet-wide series)"
                : " (its devices only)");
    }
}
