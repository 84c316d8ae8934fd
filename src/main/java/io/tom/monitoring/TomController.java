package io.tom.monitoring;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * One controller: its Camel context, settings, Redis pools, threads and HTTP server, and nothing
 * shared with any other controller in the same JVM. Settings are application.properties under the
 * environment, under {@code overrides} (property names, as {@code tom.redis.url}).
 */
public final class TomController implements AutoCloseable {

    private final Main main = new Main();

    public TomController(Map<String, String> overrides) {
        main.configure().addConfiguration(TomMonitoringConfiguration.class);
        overrides.forEach(main::addOverrideProperty);
    }

    /** Runs until stopped (Ctrl-C, SIGTERM); the exit code. A failed start throws. */
    int run() throws Exception {
        main.run();
        return Math.max(main.getExitCode(), 0);
    }

    /** Starts and returns once every route runs and the HTTP server listens; a failed start throws. */
    public TomController start() throws Exception {
        try {
            main.start();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        return this;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Stops the routes, the HTTP server, the threads and the Redis pools. */
    @Override
    public void close() {
        main.stop();
    }
}
