package io.tom.monitoring;

import java.time.Clock;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tom.monitoring.api.DeviceStatsResponder;
import io.tom.monitoring.api.FailedCommandsResponder;
import io.tom.monitoring.api.StatsSummaryResponder;
import io.tom.monitoring.api.WorkersResponder;
import io.tom.monitoring.fleet.FailedCommandsFollower;
import io.tom.monitoring.fleet.FailedCommandsReader;
import io.tom.monitoring.fleet.FleetSnapshotReader;
import io.tom.monitoring.health.RedisHealthCheck;
import io.tom.monitoring.http.ApiErrorResponder;
import io.tom.monitoring.http.ApiKeyGuard;
import io.tom.monitoring.http.BearerTokenGuard;
import io.tom.monitoring.metrics.PrometheusScrapeResponder;
import io.tom.monitoring.metrics.SnakeCaseTagFilter;
import io.tom.monitoring.metrics.TomFleetCollector;
import io.tom.monitoring.redis.RedisClientFactory;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.trimming.StreamTrimmer;
import io.tom.monitoring.writer.DeviceLeases;
import io.tom.monitoring.writer.JobOutcomeRecorder;
import io.tom.monitoring.writer.TomWriter;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Wires the controller: the Redis client, the fleet reader, the metrics registry with the tom_*
 * collector, and the beans the YAML routes refer to by name.
 */
public class TomMonitoringConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TomMonitoringConfiguration.class);
    /** A scrape waiting its turn gives up in time for Prometheus's default 10 s scrape timeout. */
    private static final long SCRAPE_QUEUE_WAIT_MILLIS = 8_000;

    @Override
    public void configure(CamelContext context) throws Exception {
        TomSettings settings = TomSettings.from(context);
        RedisConnections connections = RedisClientFactory.connect(settings);
        context.addService(new RedisClientLifecycle(connections.client()));

        PrometheusMeterRegistry meters = meterRegistry();
        FleetSnapshotReader fleetReader = new FleetSnapshotReader(connections, settings.queues(),
                settings.redisScanCount());
        FailedCommandsReader failedCommandsReader = new FailedCommandsReader(connections,
                settings.failedCommandsMaxScan());
        meters.getPrometheusRegistry().register(new TomFleetCollector(fleetReader, settings.deviceSeriesLimit()));

        MicrometerRoutePolicyFactory routeMetrics = new MicrometerRoutePolicyFactory();
        routeMetrics.setMeterRegistry(meters);
        context.addRoutePolicyFactory(routeMetrics);

        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        context.getRegistry().bind("redisClient", connections.client());
        context.getRegistry().bind("fleetSnapshotReader", fleetReader);
        context.getRegistry().bind("metricsTokenGuard", new BearerTokenGuard(settings.metricsToken()));
        context.getRegistry().bind("prometheusScrapeResponder",
                new PrometheusScrapeResponder(meters.getPrometheusRegistry(), settings.scrapeMaxConcurrent(),
                        SCRAPE_QUEUE_WAIT_MILLIS));
        context.getRegistry().bind("apiErrorResponder", new ApiErrorResponder());
        context.getRegistry().bind("failedCommandsReader", failedCommandsReader);
        context.getRegistry().bind("apiKeyGuard", new ApiKeyGuard(settings.apiKeys()));
        context.getRegistry().bind("workersResponder", new WorkersResponder(fleetReader));
        context.getRegistry().bind("statsSummaryResponder", new StatsSummaryResponder(fleetReader));
        context.getRegistry().bind("failedCommandsResponder", new FailedCommandsResponder(failedCommandsReader));
        context.getRegistry().bind("deviceStatsResponder", new DeviceStatsResponder(fleetReader, failedCommandsReader));
        context.getRegistry().bind("redisHealthCheck", new RedisHealthCheck(connections));
        context.getRegistry().bind("streamTrimmer", new StreamTrimmer(connections, meters));
        TomWriter writer = new TomWriter(connections);
        context.getRegistry().bind("tomWriter", writer);
        context.getRegistry().bind("deviceLeases", new DeviceLeases(connections));
        context.getRegistry().bind("jobOutcomeRecorder", new JobOutcomeRecorder(writer, Clock.systemUTC()));
        context.getRegistry().bind("failedCommandsFollower", new FailedCommandsFollower(connections));
        context.getPropertiesComponent().addInitialProperty("tom.trim.scheduler-options",
                settings.trimSchedulerOptions());

        ExtraRoutesLoader.load(context, settings.routesDir());

        LOG.info("Reading Redis at {} (timeout {} ms), queues {}, /api/metrics {}, /api/monitoring {}",
                RedisClientFactory.describe(settings), settings.redisTimeoutMillis(), settings.queues(),
                settings.metricsTokenRequired() ? "requires a bearer token" : "open",
                settings.apiKeys().isEmpty() ? "open (no TOM_API_KEYS)"
                        : "requires one of " + settings.apiKeys().size() + " API key(s)");
    }

    private static PrometheusMeterRegistry meterRegistry() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.config().meterFilter(new SnakeCaseTagFilter());
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        return meters;
    }

    /** Closes the Redis connection pool when Camel stops. */
    private static final class RedisClientLifecycle extends ServiceSupport {
        private final UnifiedJedis redis;

        RedisClientLifecycle(UnifiedJedis redis) {
            this.redis = redis;
        }

        @Override
        protected void doStop() {
            redis.close();
        }
    }
}
