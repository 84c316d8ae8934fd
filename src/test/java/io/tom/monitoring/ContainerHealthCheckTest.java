package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import io.tom.monitoring.support.ExternalTool;
import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The container's HEALTHCHECK, {@code docker/tom-health} (curl, no JVM), against the real
 * controller; over HTTPS, with basic auth and client certificates it is WebConfigIT's.
 */
class ContainerHealthCheckTest extends TomApplicationTestSupport {

    private static final Path PROBE = Path.of("docker/tom-health").toAbsolutePath();

    @Test
    void aLiveControllerPassesAndAMissingOneFailsNamingWhy() throws Exception {
        assertEquals(0, probe(Map.of("TOM_HTTP_PORT", String.valueOf(httpPort))).exitCode());
        int nobody = RedisServer.freePort();
        ExternalTool.Result missing = probe(Map.of("TOM_HTTP_PORT", String.valueOf(nobody)));
        assertEquals(1, missing.exitCode());
        assertTrue(missing.output().startsWith("unhealthy: http://127.0.0.1:" + nobody + "/observe/health/live answered 000"),
                missing.output());
        ExternalTool.Result unreadable = probe(Map.of("TOM_HTTP_PORT", String.valueOf(httpPort),
                "TOM_WEB_CONFIG_FILE", "/nonexistent/web.yml"));
        assertEquals(1, unreadable.exitCode());
        assertTrue(unreadable.output().contains("TOM_WEB_CONFIG_FILE /nonexistent/web.yml cannot be read"));
    }

    @Test
    void livenessDoesNotDependOnRedis() throws Exception {
        redisServer.stop();
        try {
            assertEquals(0, probe(Map.of("TOM_HTTP_PORT", String.valueOf(httpPort))).exitCode());
            ExternalTool.Result ready = probe(Map.of("TOM_HEALTH_URL",
                    "http://127.0.0.1:" + httpPort + "/observe/health/ready"));
            assertEquals(1, ready.exitCode());
            assertTrue(ready.output().contains("answered 503"), ready.output());
        } finally {
            redisServer.start();
            reconnectRedis();
        }
    }

    private static ExternalTool.Result probe(Map<String, String> environment) throws Exception {
        return ExternalTool.run(Path.of(".").toAbsolutePath(), environment, PROBE.toString());
    }
}
