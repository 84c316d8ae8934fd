package io.tom.monitoring.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import io.tom.monitoring.domain.DeviceShard;
import io.tom.monitoring.history.DurationBuckets;
import io.tom.monitoring.http.HttpLimits;
import io.tom.monitoring.http.WebConfig;
import io.tom.monitoring.metrics.DeviceSeriesLimit;
import io.tom.monitoring.metrics.ScrapeBudget;
import io.tom.monitoring.redis.RedisSettings;
import io.tom.monitoring.redis.RedisTls;
import io.tom.monitoring.trimming.Durations;
import io.tom.monitoring.trimming.TrimSchedule;
import org.apache.camel.CamelContext;

/**
 * The binding of the controller's settings: each is a property in {@code application.properties},
 * overridden by its environment twin (upper-cased, {@code .} and {@code -} as {@code _}:
 * {@code tom.redis.url} by {@code TOM_REDIS_URL}). This is the one place that names them; a bad
 * value stops startup with a message naming the variable.
 */
public record TomSettings(
        RedisSettings redis,
        int redisScanCount,
        List<String> queues,
        Duration overdueGrace,
        String metricsToken,
        int scrapeMaxConcurrent,
        ScrapeBudget scrapeBudget,
        DeviceSeriesLimit deviceSeriesLimit,
        DeviceShard metricsShard,
        List<String> apiKeys,
        int failedCommandsMaxScan,
        Duration apiTimeout,
        int apiMaxConcurrent,
        String trimSchedulerOptions,
        Optional<Path> routesDir,
        int httpPort,
        HistorySettings history,
        WebConfig webConfig,
        HttpLimits httpLimits) {

    public static final String REDIS_URL = "tom.redis.url";
    public static final String REDIS_CLUSTER_NODES = "tom.redis.cluster-nodes";

    /** Where property values come from: Camel's properties (with the environment), or the bare environment. */
    public interface Source {
        Optional<String> property(String name);
    }

    public static TomSettings from(CamelContext context) {
        return from(name -> context.getPropertiesComponent().resolveProperty(name));
    }

    /**
     * Outside the controller (the simulator, the container's health probe): the bundled
     * {@code application.properties} under the same environment overrides.
     */
    public static Source environment() {
        Properties bundled = new Properties();
        try (InputStream in = TomSettings.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                bundled.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name -> Optional.ofNullable(System.getenv(variable(name)))
                .or(() -> Optional.ofNullable(bundled.getProperty(name)));
    }

    public static TomSettings from(Source source) {
        TomSettings settings = bind(new SettingsBinding(source));
        if (!settings.history().enabled() && !settings.deviceSeriesLimit().keepsEveryDevice()) {
            throw new IllegalArgumentException("TOM_METRICS_DEVICE_LIMIT (tom.metrics.device-limit) needs the job history:"
                    + " the devices past the limit are counted under device=\"_other\" in it, so it cannot be combined"
                    + " with TOM_HISTORY_ENABLED=false (tom.history.enabled). Keep one: unset the limit, or enable the history");
        }
        if (settings.metricsShard().sharded() && !settings.deviceSeriesLimit().keepsEveryDevice()) {
            throw new IllegalArgumentException("TOM_METRICS_DEVICE_LIMIT (tom.metrics.device-limit) cannot be combined"
                    + " with TOM_METRICS_TOTAL_SHARDS (tom.metrics.total-shards) above 1: the limit ranks the whole fleet"
                    + " and sums the rest into device=\"_other\", which no one shard sees. Keep one: shards export every"
                    + " device in parts, the limit exports fewer devices from one controller");
        }
        if (settings.metricsTokenRequired() && !settings.webConfig().basicAuthUsers().isEmpty()) {
            throw new IllegalArgumentException("TOM_METRICS_TOKEN (tom.metrics.token) cannot be combined with the"
                    + " basic_auth_users of TOM_WEB_CONFIG_FILE: both need the request's one Authorization header"
                    + " (Bearer or Basic), so no client could pass both. Keep one: basic auth protects every"
                    + " endpoint, the token /api/metrics alone");
        }
        return settings;
    }

    private static TomSettings bind(SettingsBinding in) {
        return new TomSettings(
                redis(in),
                in.positiveInt("tom.redis.scan-count"),
                list(in.optional("tom.queues")),
                in.parsed("tom.jobs.overdue-grace", Durations::parse),
                in.parsed("tom.metrics.token", SettingValues::secret),
                in.positiveInt("tom.metrics.max-concurrent-scrapes"),
                new ScrapeBudget(in.parsed("tom.scrape.timeout", value -> value.isEmpty() ? Optional.<Duration>empty()
                        : Optional.of(positive(Durations.parse(value))))),
                new DeviceSeriesLimit(in.parsed("tom.metrics.device-limit", SettingsBinding::nonNegativeInt),
                        in.parsed("tom.metrics.device-rank", DeviceSeriesLimit.Rank::parse)),
                metricsShard(in),
                in.parsed("tom.api.keys", SettingValues::keys),
                in.positiveInt("tom.api.failed-commands-max-scan"),
                in.parsed("tom.api.timeout", value -> positive(Durations.parse(value))),
                in.positiveInt("tom.api.max-concurrent"),
                trimSchedule(in),
                routesDir(in),
                SettingValues.listenAddress(in),
                history(in),
                in.parsed("tom.web.config-file", value -> value.isEmpty() ? WebConfig.none()
                        : WebConfig.read(Path.of(value))),
                new HttpLimits(
                        in.parsed("tom.http.header-timeout", value -> positive(Durations.parse(value))),
                        in.parsed("tom.http.body-timeout", value -> positive(Durations.parse(value))),
                        in.parsed("tom.http.idle-timeout", value -> positive(Durations.parse(value))),
                        in.positiveInt("tom.http.max-connections"),
                        in.parsed("tom.http.max-body-size", ByteSizes::positive),
                        in.parsed("tom.http.max-buffered-bodies", ByteSizes::positive)));
    }

    private static DeviceShard metricsShard(SettingsBinding in) {
        int total = in.positiveInt("tom.metrics.total-shards");
        int shard = in.parsed("tom.metrics.shard", SettingsBinding::nonNegativeInt);
        if (shard >= total) {
            throw new IllegalArgumentException("TOM_METRICS_SHARD (tom.metrics.shard) is " + shard
                    + " but TOM_METRICS_TOTAL_SHARDS (tom.metrics.total-shards) is " + total + ": shards are numbered 0 to "
                    + (total - 1));
        }
        return new DeviceShard(shard, total);
    }

    /** The Redis URL and cluster nodes alone, as the simulator writes to them. */
    public static RedisSettings redisTarget(Source source) {
        return redis(new SettingsBinding(source));
    }

    /** The HTTP port alone, as the container's health probe needs it (the controller itself is listening). */
    public static int httpPort(Source source) {
        return port(new SettingsBinding(source));
    }

    static int port(SettingsBinding in) {
        return in.parsed("tom.http.port", value -> {
            int parsed = SettingsBinding.positive(value);
            if (parsed > 65_535) {
                throw new IllegalArgumentException("must be a port from 1 to 65535, got '" + value + "'");
            }
            return parsed;
        });
    }

    /** The environment variable that overrides a property. */
    public static String variable(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public boolean metricsTokenRequired() {
        return !metricsToken.isEmpty();
    }

    private static RedisSettings redis(SettingsBinding in) {
        RedisSettings redis = new RedisSettings(
                in.parsed(REDIS_URL, RedisSettings::parseUrl),
                in.parsed(REDIS_CLUSTER_NODES, RedisSettings::parseNodes),
                in.parsed("tom.redis.sentinels", RedisSettings::parseNodes),
                in.optional("tom.redis.sentinel-master"),
                in.positiveInt("tom.redis.timeout-ms"),
                in.positiveInt("tom.redis.pool-size"),
                in.parsed("tom.redis.pool-idle-timeout", Durations::parse),
                redisTls(in));
        if (redis.sentinel() && redis.cluster()) {
            throw new IllegalArgumentException("Set " + variable(REDIS_CLUSTER_NODES) + " or "
                    + variable("tom.redis.sentinels") + ", not both");
        }
        if (redis.sentinel() && redis.sentinelMaster().isEmpty()) {
            throw new IllegalArgumentException(variable("tom.redis.sentinel-master") + " must name the monitored primary");
        }
        if (redis.cluster() && redis.database() != 0) {
            throw new IllegalArgumentException("A Redis Cluster has only database 0; " + variable(REDIS_URL)
                    + " selects database " + redis.database());
        }
        return redis;
    }

    private static RedisTls redisTls(SettingsBinding in) {
        RedisTls tls = new RedisTls(pem(in, "tom.redis.tls-ca"), pem(in, "tom.redis.tls-cert"), pem(in, "tom.redis.tls-key"));
        tls.socketFactory();
        return tls;
    }

    private static Optional<Path> pem(SettingsBinding in, String property) {
        String value = in.optional(property);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(value).toAbsolutePath();
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(variable(property) + " is " + file + ", which is not a readable file");
        }
        return Optional.of(file);
    }

    private static HistorySettings history(SettingsBinding in) {
        in.parsed("tom.history.poll-interval", value -> positive(Durations.parse(value)));
        String consumer = in.optional("tom.history.consumer-name");
        return new HistorySettings(
                in.parsed("tom.history.enabled", TomSettings::trueOrFalse),
                in.parsed("tom.metrics.duration-buckets", DurationBuckets::parse),
                consumer.isEmpty() ? defaultConsumerName() : consumer,
                in.positiveInt("tom.history.batch-size"),
                in.parsed("tom.history.claim-idle", value -> positive(Durations.parse(value))),
                in.parsed("tom.history.device-retention", value -> Durations.parse(value)),
                in.parsed("tom.metrics.device-set-refresh", value -> positive(Durations.parse(value))));
    }

    private static boolean trueOrFalse(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("must be true or false, got '" + value + "'");
        }
        return value.equals("true");
    }

    private static Duration positive(Duration duration) {
        if (duration.isZero()) {
            throw new IllegalArgumentException("must be a positive duration such as 500ms, 30s or 10m");
        }
        return duration;
    }

    /** Host name and process id: unique per controller, and readable in XINFO CONSUMERS. */
    private static String defaultConsumerName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "controller";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Validates the bundled trimming settings at startup; returns the scheduler options. */
    private static String trimSchedule(SettingsBinding in) {
        in.parsed("tom.trim.enabled", TomSettings::trueOrFalse);
        in.positiveInt("tom.trim.failed-commands-maxlen");
        in.positiveInt("tom.trim.metrics-stream-maxlen");
        for (String maxAge : List.of("tom.trim.failed-commands-max-age", "tom.trim.metrics-stream-max-age")) {
            Durations.parse(in.optional(maxAge), variable(maxAge));
        }
        String override = in.optional("tom.trim.scheduler-options");
        return override.isEmpty()
                ? TrimSchedule.schedulerOptions(in.required("tom.trim.interval"), variable("tom.trim.interval"))
                : override;
    }

    private static Optional<Path> routesDir(SettingsBinding in) {
        String value = in.optional("tom.routes.dir");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path dir = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(variable("tom.routes.dir") + " is " + dir
                    + ", which is not a readable folder");
        }
        return Optional.of(dir);
    }

    static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }
}
