package io.tom.monitoring.redis;

import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Why Redis did not answer a command: it could not be reached, or it refused. Each kind is the
 * {@code kind} label of {@code tom_redis_errors}, says what happened for an API answer's
 * {@code detail}, and how to fix it for the log. A data error (WRONGTYPE on a malformed record)
 * is none of these.
 */
public enum RedisRefusal {
    UNREACHABLE("Redis is unreachable",
            "check TOM_REDIS_URL (host, port, redis:// or rediss://) and that Redis is running"),
    TIMEOUT("Redis did not answer in time",
            "check Redis's latency (redis-cli --latency, SLOWLOG GET) and what blocks it; TOM_REDIS_TIMEOUT_MS bounds"
                    + " each command, TOM_SCRAPE_TIMEOUT a whole scrape"),
    AUTHENTICATION("Redis refused authentication",
            "set the Redis user and password in TOM_REDIS_URL as redis://user:password@host:port/db"),
    PERMISSION("Redis refused the command: missing permission",
            "grant the controller's Redis user the ACL in docs/operations.md, \"Redis ACLs\""),
    BUSY("Redis is busy (running a long script, or loading its data) and answers no commands",
            "wait for the script to end or stop it with SCRIPT KILL; a loading Redis answers once loaded"),
    FULL("Redis is full (maxclients or maxmemory reached)",
            "raise maxclients or maxmemory, or find the clients holding connections with CLIENT LIST"),
    READ_ONLY("Redis is a read-only replica",
            "point TOM_REDIS_URL at the primary, or follow it with TOM_REDIS_SENTINELS"),
    /** A configuration error that only Redis can see: SELECT of an index past its {@code databases}. */
    DATABASE("Redis has no database of the index TOM_REDIS_URL names (DB index is out of range)",
            "name a database this Redis has in TOM_REDIS_URL, redis://host:port/N with N below its 'databases'"
                    + " setting (CONFIG GET databases; 16 by default)"),
    /**
     * Not Redis's doing: a scrape ran out of its budget while Redis answered promptly (PING within
     * {@link #PROMPT}), so the controller could not read and build the series in time.
     */
    BUDGET("The scrape ran out of its time budget although Redis answers promptly: this controller could not"
            + " read and build the fleet's series in time (Redis is not the cause)",
            "split the fleet across controllers (TOM_METRICS_TOTAL_SHARDS, TOM_METRICS_SHARD), give the controller"
                    + " more CPU and heap (-Xmx in JAVA_OPTS), set TOM_METRICS_DEVICE_LIMIT, or give the scrape more time"
                    + " (Prometheus's scrape_timeout, TOM_SCRAPE_TIMEOUT); docs/runbooks/TomScrapeOverBudget.md"),
    /** Not Redis's doing: every connection of this controller's pool was in use for the whole wait. */
    POOL("Every connection of this controller's Redis pool is in use (the controller is overloaded, Redis may"
            + " be fine)", "raise TOM_REDIS_POOL_SIZE (within Redis's maxclients), or lower TOM_API_MAX_CONCURRENT"
                    + " and TOM_METRICS_MAX_CONCURRENT_SCRAPES; see who calls the API so often");

    /** How fast Redis answers PING to be called prompt when a scrape overran its budget. */
    public static final java.time.Duration PROMPT = java.time.Duration.ofMillis(100);

    private static final Pattern COMMAND = Pattern.compile("permissions to run the '([^']+)' command");

    private final String detail;
    private final String fix;

    RedisRefusal(String detail, String fix) {
        this.detail = detail;
        this.fix = fix;
    }

    /** The {@code kind} label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * True for the kinds a readiness probe meets itself (PING and TIME fail the same way); false
     * for those only the refused command shows (a missing permission, a full or read-only Redis),
     * which readiness must remember from the reads that met them.
     */
    public boolean showsInAnyCommand() {
        return this == UNREACHABLE || this == TIMEOUT || this == BUSY || this == POOL || this == DATABASE
                || this == BUDGET;
    }

    /** What happened, for a person reading an API answer. */
    public String detail() {
        return detail;
    }

    /** The kind of the failure, searched through its causes; empty for data errors and anything not from Redis. */
    public static Optional<RedisRefusal> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisRefusedException refused) {
                return Optional.of(refused.refusal());
            }
            if (t instanceof JedisAccessControlException) {
                return Optional.of(message(t).startsWith("NOPERM") ? PERMISSION : AUTHENTICATION);
            }
            if (t instanceof JedisBusyException) {
                return Optional.of(BUSY);
            }
            if (t instanceof JedisDataException) {
                Optional<RedisRefusal> refusal = ofReply(message(t));
                if (refusal.isPresent()) {
                    return refusal;
                }
            } else if (t instanceof JedisException) {
                if (t instanceof ReadDeadline.ExceededException || timedOut(t)) {
                    return Optional.of(TIMEOUT);
                }
                if (poolExhausted(t)) {
                    return Optional.of(POOL);
                }
                // connection failures, a cluster without a reachable node
                Optional<RedisRefusal> refusal = t.getCause() == null ? Optional.of(UNREACHABLE) : of(t.getCause());
                return refusal.isPresent() ? refusal : Optional.of(UNREACHABLE);
            }
        }
        return Optional.empty();
    }

    /** Jedis's "Could not get a resource from the pool", caused by the pool's wait running out. */
    private static boolean poolExhausted(Throwable failure) {
        return failure.getCause() instanceof java.util.NoSuchElementException;
    }

    /** Throws a data error that is a refusal (NOPERM, BUSY...), so that only true data errors are handled as such. */
    public static void rethrowRefusal(JedisDataException e) {
        if (of(e).isPresent()) {
            throw e;
        }
    }

    /** How to fix it, naming the ACL rule when Redis said which command was refused. */
    public String fix(Throwable failure) {
        if (this == PERMISSION) {
            Matcher command = COMMAND.matcher(String.valueOf(failure.getMessage()));
            if (command.find()) {
                return "add +" + command.group(1) + " to the controller's Redis user (ACL SETUSER <user> +"
                        + command.group(1) + "), or grant the ACL in docs/operations.md, \"Redis ACLs\"";
            }
            if (String.valueOf(failure.getMessage()).contains("keys")) {
                return "let the controller's Redis user read Tom's keys (ACL SETUSER <user> %R~tom:*), or grant"
                        + " the ACL in docs/operations.md, \"Redis ACLs\"";
            }
        }
        return fix;
    }

    private static Optional<RedisRefusal> ofReply(String message) {
        if (message.startsWith("NOAUTH") || message.startsWith("WRONGPASS")) {
            return Optional.of(AUTHENTICATION);
        }
        if (message.startsWith("NOPERM")) {
            return Optional.of(PERMISSION);
        }
        if (message.startsWith("BUSY ") || message.startsWith("LOADING") || message.startsWith("MASTERDOWN")) {
            return Optional.of(BUSY);
        }
        if (message.startsWith("ERR max number of clients") || message.startsWith("OOM")) {
            return Optional.of(FULL);
        }
        if (message.startsWith("READONLY")) {
            return Optional.of(READ_ONLY);
        }
        if (message.startsWith("ERR DB index is out of range") || message.startsWith("ERR invalid DB index")) {
            return Optional.of(DATABASE);
        }
        return Optional.empty();
    }

    /** A read or connect that timed out, somewhere in the failure's causes. */
    static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? "" : t.getMessage();
    }
}
