package io.tom.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tom.monitoring.support.RedisServer;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.Test;

/** The container HEALTHCHECK's probe against the real controller. */
class HealthProbeTest extends TomApplicationTestSupport {

    @Test
    void aLiveControllerPassesAndAMissingOneFails() throws Exception {
        assertEquals(0, HealthProbe.probe("http://127.0.0.1:" + httpPort + "/observe/health/live"));
        assertEquals(1, HealthProbe.probe("http://127.0.0.1:" + RedisServer.freePort() + "/observe/health/live"));
    }

    @Test
    void livenessDoesNotDependOnRedis() {
        redisServer.stop();
        try {
            assertEquals(0, HealthProbe.probe("http://127.0.0.1:" + httpPort + "/observe/health/live"));
            assertEquals(1, HealthProbe.probe("http://127.0.0.1:" + httpPort + "/observe/health/ready"));
        } finally {
            redisServer.start();
            reconnectRedis();
        }
    }
}
