package io.tom.monitoring;

import java.util.Arrays;
import java.util.List;

import io.tom.monitoring.metrics.DeviceSeriesLimit;
import io.tom.monitoring.trimming.Durations;
import io.tom.monitoring.trimming.TrimSchedule;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The controller's own settings, read from {@code application.properties}; each property can be
 * overridden by its environment twin ({@code tom.redis.url} by {@code TOM_REDIS_URL}, and so on).
 */
public record TomSettings(
        String redisUrl,
        List<String> redisClusterNodes,
        List<String> redisSentinels,
        String redisSentinelMaster,
        int redisTimeoutMillis,
        int redisScanCount,
        int redisPoolSize,
        List<String> queues,
        String metricsToken,
        int scrapeMaxConcurrent,
        DeviceSeriesLimit deviceSeriesLimit,
        List<String> apiKeys,
        int failedCommandsMaxScan,
        String trimSchedulerOptions,
        String routesDir) {

    public static TomSettings from(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        return new TomSettings(
                required(properties, "tom.redis.url"),
                list(optional(properties, "tom.redis.cluster-nodes")),
                list(optional(properties, "tom.redis.sentinels")),
                optional(properties, "tom.redis.sentinel-master"),
                positiveInt(properties, "tom.redis.timeout-ms"),
                positiveInt(properties, "tom.redis.scan-count"),
                positiveInt(properties, "tom.redis.pool-size"),
                list(optional(properties, "tom.queues")),
                optional(properties, "tom.metrics.token"),
                positiveInt(properties, "tom.metrics.max-concurrent-scrapes"),
                new DeviceSeriesLimit(nonNegativeInt(properties, "tom.metrics.device-limit"),
                        DeviceSeriesLimit.Rank.parse(required(properties, "tom.metrics.device-rank"))),
                list(optional(properties, "tom.api.keys")),
                positiveInt(properties, "tom.api.failed-commands-max-scan"),
                trimSchedule(properties),
                optional(properties, "tom.routes.dir"));
    }

    public boolean metricsTokenRequired() {
        return !metricsToken.isEmpty();
    }

    /** Validates the bundled trimming settings at startup; returns the scheduler options. */
    private static String trimSchedule(PropertiesComponent properties) {
        positiveInt(properties, "tom.trim.failed-commands-maxlen");
        positiveInt(properties, "tom.trim.metrics-stream-maxlen");
        Durations.parse(optional(properties, "tom.trim.failed-commands-max-age"), "TOM_TRIM_FAILED_COMMANDS_MAX_AGE");
        Durations.parse(optional(properties, "tom.trim.metrics-stream-max-age"), "TOM_TRIM_METRICS_STREAM_MAX_AGE");
        return TrimSchedule.schedulerOptions(required(properties, "tom.trim.interval"));
    }

    private static String optional(PropertiesComponent properties, String name) {
        return properties.resolveProperty(name).map(String::trim).orElse("");
    }

    private static String required(PropertiesComponent properties, String name) {
        String value = optional(properties, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(describe(name) + " must be set");
        }
        return value;
    }

    private static int positiveInt(PropertiesComponent properties, String name) {
        String value = required(properties, name);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(describe(name) + " must be a positive integer, got '" + value + "'");
    }

    /** A property as operators know it: its environment variable, then the property name. */
    private static String describe(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_') + " (" + property + ")";
    }

    private static int nonNegativeInt(PropertiesComponent properties, String name) {
        String value = required(properties, name);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(describe(name) + " must be 0 or a positive integer, got '" + value + "'");
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }
}
