package io.tom.monitoring;

import java.util.Arrays;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The controller's own settings, read from {@code application.properties}; each property can be
 * overridden by its environment twin ({@code tom.redis.url} by {@code TOM_REDIS_URL}, and so on).
 */
public record TomSettings(
        String redisUrl,
        int redisTimeoutMillis,
        int redisScanCount,
        int redisPoolSize,
        List<String> queues,
        String metricsToken,
        List<String> apiKeys,
        int failedCommandsMaxScan,
        String routesDir) {

    public static TomSettings from(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        return new TomSettings(
                required(properties, "tom.redis.url"),
                positiveInt(properties, "tom.redis.timeout-ms"),
                positiveInt(properties, "tom.redis.scan-count"),
                positiveInt(properties, "tom.redis.pool-size"),
                list(optional(properties, "tom.queues")),
                optional(properties, "tom.metrics.token"),
                list(optional(properties, "tom.api.keys")),
                positiveInt(properties, "tom.api.failed-commands-max-scan"),
                optional(properties, "tom.routes.dir"));
    }

    public boolean metricsTokenRequired() {
        return !metricsToken.isEmpty();
    }

    private static String optional(PropertiesComponent properties, String name) {
        return properties.resolveProperty(name).map(String::trim).orElse("");
    }

    private static String required(PropertiesComponent properties, String name) {
        String value = optional(properties, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Property " + name + " must be set");
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
        throw new IllegalArgumentException("Property " + name + " must be a positive integer, got '" + value + "'");
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }
}
