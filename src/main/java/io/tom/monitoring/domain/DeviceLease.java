package io.tom.monitoring.domain;

import java.util.Optional;

/**
 * A device semaphore (docs/redis-layout.md, "Device leases"): the sorted set
 * {@code device_lease:{host}:{port}}, member = the job holding the device, score = lease expiry
 * (epoch seconds, Redis clock), kept 240 s from the last acquire. The host is everything between
 * the prefix and the last {@code :}, so IPv6 hosts stay whole.
 *
 * @param host         the device, as in {@code tom_jobs_total}
 * @param activeLeases members whose expiry is still ahead of the Redis clock
 */
public record DeviceLease(String host, String port, long activeLeases) {

    public static final String PREFIX = "device_lease:";
    /** SCAN pattern of every lease set. */
    public static final String PATTERN = PREFIX + "*";
    public static final int SET_TTL_SECONDS = 240;

    /** A parsed lease key. */
    public record Key(String host, String port) {
    }

    public static String key(String host, int port) {
        return PREFIX + host + ":" + port;
    }

    /** Host and port of a lease key, split at the last {@code :}; empty when the key has no numeric port. */
    public static Optional<Key> parseKey(String key) {
        if (!key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hostAndPort = key.substring(PREFIX.length());
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostAndPort.length() - 1) {
            return Optional.empty();
        }
        String port = hostAndPort.substring(colon + 1);
        for (int i = 0; i < port.length(); i++) {
            if (!Character.isDigit(port.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(new Key(hostAndPort.substring(0, colon), port));
    }

    /** The {@code ZCOUNT} minimum that counts only leases expiring after {@code nowSeconds}. */
    public static String unexpiredAfter(double nowSeconds) {
        return "(" + nowSeconds;
    }
}
