package io.tom.monitoring.redis;

import java.util.Optional;

/**
 * The one place that knows the Redis key layout written by Tom workers (SPEC §1).
 *
 * <p>Ids are everything after a key's prefix: devices are often IPv6 addresses, so a key is never
 * split on {@code :}. Lease keys end in {@code :{port}}, so their host is everything between the
 * prefix and the last {@code :}.
 */
public final class TomKeys {

    public static final String WORKER_STATS_PREFIX = "tom:stats:worker:";
    public static final String DEVICE_STATS_PREFIX = "tom:stats:device:";
    public static final String GLOBAL_STATS = "tom:stats:global";
    public static final String HEARTBEAT_PREFIX = "tom:worker:heartbeat:";
    public static final String METRICS_STREAM = "tom:metrics:stream";
    public static final String FAILED_COMMANDS_STREAM = "tom:failed_commands";
    public static final String DEVICE_LEASE_PREFIX = "device_lease:";

    /** SCAN pattern covering every stats hash and heartbeat (and the two streams). */
    public static final String TOM_KEYS_PATTERN = "tom:*";
    public static final String STATS_PATTERN = "tom:stats:*";
    public static final String HEARTBEAT_PATTERN = HEARTBEAT_PREFIX + "*";
    public static final String DEVICE_LEASE_PATTERN = DEVICE_LEASE_PREFIX + "*";

    /** Stats hash fields. */
    public static final String FIELD_COMPLETE = "complete";
    public static final String FIELD_FAILED = "failed";

    private TomKeys() {
    }

    public static String workerStats(String workerId) {
        return WORKER_STATS_PREFIX + workerId;
    }

    public static String deviceStats(String device) {
        return DEVICE_STATS_PREFIX + device;
    }

    public static String heartbeat(String workerId) {
        return HEARTBEAT_PREFIX + workerId;
    }

    public static String deviceLease(String host, int port) {
        return DEVICE_LEASE_PREFIX + host + ":" + port;
    }

    public static String queuedJobs(String queue) {
        return "saq:" + queue + ":queued";
    }

    public static String activeJobs(String queue) {
        return "saq:" + queue + ":active";
    }

    /** Where a named consumer of {@code tom:failed_commands} keeps the id of the last entry it delivered. */
    public static String consumerCursor(String consumer) {
        return "tom:consumer:" + consumer + ":last_id";
    }

    /** Hash field counting failures of one error type, e.g. {@code auth_failed}. */
    public static String failedField(ErrorType type) {
        return type.label() + "_failed";
    }

    /** The id after {@code prefix}, or empty when the key does not carry one. */
    public static Optional<String> idAfter(String prefix, String key) {
        if (!key.startsWith(prefix) || key.length() == prefix.length()) {
            return Optional.empty();
        }
        return Optional.of(key.substring(prefix.length()));
    }

    /** Host and port of a {@code device_lease:{host}:{port}} key, split at the last {@code :}. */
    public static Optional<LeaseKey> parseLease(String key) {
        Optional<String> rest = idAfter(DEVICE_LEASE_PREFIX, key);
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        String hostAndPort = rest.get();
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
        return Optional.of(new LeaseKey(hostAndPort.substring(0, colon), port));
    }

    /** A parsed lease key: the device host (as in {@code tom_jobs_total}) and its port. */
    public record LeaseKey(String host, String port) {
    }
}
