package io.tom.monitoring.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tom's job counters (docs/redis-layout.md, "Stats hashes"): {@code tom:stats:global}, one hash per
 * worker ({@code tom:stats:worker:{id}}) and one per device ({@code tom:stats:device:{id}}), each
 * with integer fields {@code complete}, {@code failed} and {@code <type>_failed}, refreshed to a
 * one-hour TTL on every write. The id is everything after the prefix: device ids are often IPv6
 * addresses, so a key is never split on {@code :}.
 */
public final class StatsHash {

    public static final String GLOBAL_KEY = "tom:stats:global";
    public static final String WORKER_PREFIX = "tom:stats:worker:";
    public static final String DEVICE_PREFIX = "tom:stats:device:";
    /** SCAN pattern of every stats hash. */
    public static final String PREFIX = "tom:stats:";
    public static final String PATTERN = PREFIX + "*";
    public static final int TTL_SECONDS = 3600;

    static final String COMPLETE = "complete";
    static final String FAILED = "failed";

    /** The fields read, in {@link JobCounts}' order: complete, failed, then one per error type. */
    public static final List<String> FIELDS = fields();

    /** {@link #FIELDS} as HMGET arguments, encoded once rather than for every hash read. */
    private static final byte[][] FIELD_BYTES = FIELDS.stream()
            .map(field -> field.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    /** Whose counters a stats hash holds. */
    public enum Scope { WORKER, DEVICE }

    /** A parsed per-worker or per-device key. */
    public record Owner(Scope scope, String id) {
    }

    private StatsHash() {
    }

    public static String workerKey(String workerId) {
        return WORKER_PREFIX + workerId;
    }

    public static String deviceKey(String device) {
        return DEVICE_PREFIX + device;
    }

    /** The worker or device a key belongs to; empty for the global hash, other keys, and keys with no id. */
    public static Optional<Owner> ownerOf(String key) {
        if (key.startsWith(WORKER_PREFIX) && key.length() > WORKER_PREFIX.length()) {
            return Optional.of(new Owner(Scope.WORKER, key.substring(WORKER_PREFIX.length())));
        }
        if (key.startsWith(DEVICE_PREFIX) && key.length() > DEVICE_PREFIX.length()) {
            return Optional.of(new Owner(Scope.DEVICE, key.substring(DEVICE_PREFIX.length())));
        }
        return Optional.empty();
    }

    /** True for a per-worker or per-device key that carries no id ({@code tom:stats:device:}). */
    public static boolean isIdless(String key) {
        return key.equals(WORKER_PREFIX) || key.equals(DEVICE_PREFIX);
    }

    /** The HMGET field arguments whose replies {@link #decode} reads. Callers must not modify them. */
    public static byte[][] fieldArguments() {
        return FIELD_BYTES;
    }

    /**
     * The counters in the replies of {@code HMGET key <FIELDS>}; empty when the hash holds none of
     * them (gone, or only unknown fields). A bad value is counted and read as absent; a hash whose
     * total ({@code complete + failed}) does not fit in a long is counted and skipped whole.
     */
    public static Optional<JobCounts> decode(List<byte[]> replies, MalformedRecords malformed) {
        JobCounts counts = JobCounts.parse(replies, malformed);
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        if (Math.max(counts.complete(), 0) > Long.MAX_VALUE - Math.max(counts.failed(), 0)) {
            // its total would not fit: no figure from it can be right
            malformed.record(MalformedRecords.Kind.STATS);
            return Optional.empty();
        }
        return Optional.of(counts);
    }

    /** The fields a finished job increments by one in each of its three hashes. */
    public static List<String> incrementsFor(JobOutcome job) {
        return incrementsFor(Optional.ofNullable(job.errorType()));
    }

    /** The fields a job increments: {@code complete} on success, else {@code failed} and its type's. */
    public static List<String> incrementsFor(Optional<ErrorType> failure) {
        return failure.map(type -> List.of(FAILED, failedField(type))).orElse(List.of(COMPLETE));
    }

    /** The three hashes a job counts in: its worker's, its device's and the global one. */
    public static List<String> keysFor(JobOutcome job) {
        return List.of(workerKey(job.worker()), deviceKey(job.device()), GLOBAL_KEY);
    }

    /** The field counting failures of one error type, e.g. {@code auth_failed}. */
    static String failedField(ErrorType type) {
        return type.label() + "_failed";
    }

    private static List<String> fields() {
        List<String> fields = new ArrayList<>();
        fields.add(COMPLETE);
        fields.add(FAILED);
        for (ErrorType type : ErrorType.values()) {
            fields.add(failedField(type));
        }
        return List.copyOf(fields);
    }
}
