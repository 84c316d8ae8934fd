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
import io.tom.monitoring.api.FailedCommandsFeed;
import io.tom.monitoring.api.FailedCommandsResponder;
import io.tom.monitoring.api.StatsSummaryResponder;
import io.tom.monitoring.api.WorkersResponder;
import io.tom.monitoring.api.ActiveJobsResponder;
import io.tom.monitoring.api.OpenApiDocumentFactory;
import io.tom.monitoring.config.HistorySettings;
import io.tom.monitoring.config.TomSettings;
import io.tom.monitoring.domain.FailedCommand;
import io.tom.monitoring.domain.MetricsEvent;
import io.tom.monitoring.fleet.DeviceStatsReader;
import io.tom.monitoring.fleet.FailedCommandsReader;
import io.tom.monitoring.fleet.OversizedEntries;
import io.tom.monitoring.fleet.FeedLossReader;
import io.tom.monitoring.fleet.FleetSnapshotReader;
import io.tom.monitoring.fleet.ActiveJobsReader;
import io.tom.monitoring.fleet.QueueTimings;
import io.tom.monitoring.history.JobEventConsumer;
import io.tom.monitoring.history.JobHistoryReader;
import io.tom.monitoring.health.RedisHealthCheck;
import io.tom.monitoring.http.ApiErrorResponder;
import io.tom.monitoring.http.ApiKeyGuard;
import io.tom.monitoring.http.BearerTokenGuard;
import io.tom.monitoring.http.LandingPageResponder;
import io.tom.monitoring.api.ApiBudget;
import io.tom.monitoring.build.BuildInfo;
import io.tom.monitoring.http.ConnectionLimits;
import io.tom.monitoring.http.HttpServerEdges;
import io.tom.monitoring.http.HttpServerShape;
import io.tom.monitoring.http.RequestBodyLimits;
import io.tom.monitoring.http.ShapedVertx;
import io.vertx.core.Vertx;
import io.tom.monitoring.metrics.PrometheusScrapeResponder;
import io.tom.monitoring.metrics.ShownDevices;
import io.tom.monitoring.metrics.SnakeCaseTagFilter;
import io.tom.monitoring.metrics.TomFleetCollector;
import io.tom.monitoring.metrics.TomMetric;
import io.tom.monitoring.redis.RedisClientFactory;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.trimming.StreamTrimmer;
import io.tom.monitoring.writer.DeviceLeases;
import io.tom.monitoring.writer.JobOutcomeRecorder;
import io.tom.monitoring.writer.TomWriter;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.Registry;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the controller: the Redis client, the fleet reader, the metrics registry with the tom_*
 * collector, and the beans the YAML routes refer to by name.
 */
public class TomMonitoringConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TomMonitoringConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        TomSettings settings = TomSettings.from(context);
        // Camel's platform-http builds its servers with the Vert.x it finds here, which shapes them
        Vertx vertx = Vertx.vertx();
        // closed once the context has stopped, after Camel's HTTP server: a server closing on a closed
        // Vert.x logs a stack trace at every shutdown
        context.addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.debug("Vert.x did not close cleanly", e);
                }
            }
        });
        ConnectionLimits connectionLimits = new ConnectionLimits(vertx, settings.httpLimits());
        context.getRegistry().bind("connectionLimits", connectionLimits);
        context.getRegistry().bind("vertx", ShapedVertx.wrap(vertx, new HttpServerShape(settings.webConfig().tls(),
                settings.httpLimits(), connectionLimits)));
        RedisConnections connections = RedisClientFactory.connect(settings.redis());
        context.addService(new RedisClientLifecycle(connections));
        connections.requireDatabase(settings.redis().database());
        connections.leaveRoomForOtherClients().forEach(LOG::warn);
        // named threads of Camel's, shut down with this controller's context
        ExecutorServiceManager threads = context.getExecutorServiceManager();

        PrometheusMeterRegistry meters = meterRegistry();
        FleetSnapshotReader fleetReader = new FleetSnapshotReader(connections, settings.queues(),
                settings.redisScanCount(), threads.newCachedThreadPool(this, "tom-redis-decoder"));
        OversizedEntries oversized = new OversizedEntries(
                TomMetric.OVERSIZED_ENTRY_READS.counter(meters, FailedCommand.STREAM));
        FailedCommandsReader failedCommandsReader = new FailedCommandsReader(connections,
                settings.failedCommandsMaxScan(), oversized);
        HistorySettings history = settings.history();
        JobHistoryReader historyReader = new JobHistoryReader(connections, history.buckets());
        QueueTimings queueTimings = new QueueTimings(connections, settings.queues());
        ActiveJobsReader activeJobs = new ActiveJobsReader(connections, settings.queues(), settings.overdueGrace());
        ShownDevices shownDevices = new ShownDevices(connections, fleetReader, settings.deviceSeriesLimit(),
                history.deviceSetRefresh(), history.consumerName());
        meters.getPrometheusRegistry().register(new TomFleetCollector(fleetReader, settings.deviceSeriesLimit(),
                shownDevices, history.enabled() ? historyReader : null, queueTimings, activeJobs, new FeedLossReader(connections),
                threads.newCachedThreadPool(this, "tom-history-reader"), connections.refusals(), settings.metricsShard()));

        MicrometerRoutePolicyFactory routeMetrics = new MicrometerRoutePolicyFactory();
        routeMetrics.setMeterRegistry(meters);
        context.addRoutePolicyFactory(routeMetrics);

        Registry beans = context.getRegistry();
        beans.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        beans.bind("redisClient", connections.client());
        beans.bind("fleetSnapshotReader", fleetReader);
        beans.bind("failedCommandsReader", failedCommandsReader);
        beans.bind("redisHealthCheck", new RedisHealthCheck(connections));
        bindScrapePath(beans, settings, meters, connections);
        beans.bind("shownDevices", shownDevices);
        beans.bind("jobHistoryReader", historyReader);
        beans.bind("jobEventConsumer", new JobEventConsumer(connections, history.buckets(), history.consumerName(),
                history.batchSize(), history.claimIdle(), history.deviceRetention(),
                !settings.deviceSeriesLimit().keepsEveryDevice()));
        bindMonitoringApi(beans, settings, fleetReader, new DeviceStatsReader(connections), failedCommandsReader,
                historyReader, queueTimings, activeJobs);
        bindWriterAndTrimming(beans, connections, meters, history, oversized);
        context.getPropertiesComponent().addOverrideProperty("tom.trim.scheduler-options",
                settings.trimSchedulerOptions());
        // the routes name Tom's streams through these, so the key layout stays in the records
        context.getPropertiesComponent().addOverrideProperty("tom.stream.failed-commands", FailedCommand.STREAM);
        context.getPropertiesComponent().addOverrideProperty("tom.stream.metrics", MetricsEvent.STREAM);

        context.addStartupListener(new HttpServerEdges(beans.lookupByNameAndType("apiKeyGuard", ApiKeyGuard.class),
                settings.webConfig(), connectionLimits, new RequestBodyLimits(settings.httpLimits())));
        // a chunked body declares no length: Camel's body handler stops reading it at the same limit
        MainHttpServer httpServer = context.hasService(MainHttpServer.class);
        if (httpServer != null) {
            httpServer.setMaxBodySize(settings.httpLimits().maxBodyBytes());
        }
        if (settings.routesDir().isPresent()) {
            ExtraRoutesLoader.load(context, settings.routesDir().get());
        }

        LOG.info("{} reading Redis at {} {} (timeout {} ms), queues {}, exporting {}; serving {}",
                BuildInfo.current().describe(), settings.redis().describe(), settings.redis().describeCredentials(),
                settings.redis().timeoutMillis(), settings.queues(), settings.metricsShard().describe(),
                ServedEndpoints.describe(settings,
                        context.getPropertiesComponent().resolveProperty("tom.http.host").orElse("0.0.0.0")));
    }

    private static void bindScrapePath(Registry beans, TomSettings settings, PrometheusMeterRegistry meters,
            RedisConnections connections) {
        beans.bind("landingPageResponder", new LandingPageResponder(BuildInfo.current()));
        beans.bind("metricsTokenGuard", new BearerTokenGuard(settings.metricsToken()));
        beans.bind("prometheusScrapeResponder", new PrometheusScrapeResponder(meters.getPrometheusRegistry(),
                settings.scrapeMaxConcurrent(), settings.scrapeBudget()));
        beans.bind("apiErrorResponder", new ApiErrorResponder(connections.refusals()));
    }

    private static void bindMonitoringApi(Registry beans, TomSettings settings, FleetSnapshotReader fleetReader,
            DeviceStatsReader deviceStatsReader, FailedCommandsReader failedCommandsReader, JobHistoryReader history,
            QueueTimings queueTimings, ActiveJobsReader activeJobs) {
        beans.bind("apiKeyGuard", new ApiKeyGuard(settings.apiKeys()));
        // Camel takes the one RestApiProcessorFactory in the registry for /api/monitoring/openapi.json
        beans.bind("openApiDocumentFactory", new OpenApiDocumentFactory());
        ApiBudget apiBudget = new ApiBudget(settings.apiTimeout(), settings.apiMaxConcurrent());
        beans.bind("workersResponder", apiBudget.around(new WorkersResponder(fleetReader)));
        beans.bind("statsSummaryResponder", apiBudget.around(new StatsSummaryResponder(fleetReader, history,
                queueTimings)));
        beans.bind("activeJobsResponder", apiBudget.around(new ActiveJobsResponder(activeJobs)));
        beans.bind("failedCommandsResponder", apiBudget.around(new FailedCommandsResponder(failedCommandsReader)));
        beans.bind("deviceStatsResponder", apiBudget.around(new DeviceStatsResponder(deviceStatsReader,
                failedCommandsReader, history)));
    }

    private static void bindWriterAndTrimming(Registry beans, RedisConnections connections,
            PrometheusMeterRegistry meters, HistorySettings history, OversizedEntries oversized) {
        TomWriter writer = new TomWriter(connections);
        beans.bind("tomWriter", writer);
        beans.bind("deviceLeases", new DeviceLeases(connections));
        beans.bind("jobOutcomeRecorder", new JobOutcomeRecorder(writer, Clock.systemUTC()));
        beans.bind("failedCommandsFeed", new FailedCommandsFeed(connections, history.consumerName(),
                history.claimIdle(), oversized));
        StreamTrimmer trimmer = new StreamTrimmer(connections, meters);
        // the bundled streams' counters exist from the start, at 0, as counters should
        trimmer.removedCounter(FailedCommand.STREAM);
        trimmer.removedCounter(MetricsEvent.STREAM);
        beans.bind("streamTrimmer", trimmer);
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
        private final RedisConnections connections;

        RedisClientLifecycle(RedisConnections connections) {
            this.connections = connections;
        }

        @Override
        protected void doStop() {
            connections.close();
        }
    }
}
