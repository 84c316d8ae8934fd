package io.tom.monitoring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.tom.monitoring.config.TomSettings;

/**
 * The container's HEALTHCHECK: {@code java -cp tom-monitoring.jar io.tom.monitoring.HealthProbe}
 * exits 0 when the controller's liveness check answers 200, 1 otherwise. It needs no curl or wget
 * in the image.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(probe(args[0]));
        }
        int port;
        try {
            port = TomSettings.httpPort(TomSettings.environment());
        } catch (IllegalArgumentException e) {
            System.err.println("unhealthy: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.exit(probe("http://127.0.0.1:" + port + "/observe/health/live"));
    }

    static int probe(String url) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return 0;
            }
            System.err.println("unhealthy: " + url + " answered " + response.statusCode() + " " + response.body());
        } catch (Exception e) {
            System.err.println("unhealthy: " + url + " did not answer: " + e);
        }
        return 1;
    }
}
