package io.tom.monitoring.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.tom.monitoring.support.TempFiles;
import io.tom.monitoring.support.TomApplicationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The example Alertmanager receiver (routes/examples/alertmanager-to-file.yaml), loaded as a user
 * loads it: each webhook notification becomes one line; anything that is not a JSON notification is
 * refused with the error contract, not a 500.
 */
class AlertmanagerReceiverRouteTest extends TomApplicationTestSupport {

    private static final String NOTIFICATION = """
            {"version": "4", "groupKey": "{}/{severity=\\"page\\"}:{alertname=\\"TomRedisUnreachable\\"}",
             "truncatedAlerts": 0, "status": "firing", "receiver": "tom-page",
             "groupLabels": {"alertname": "TomRedisUnreachable"},
             "commonLabels": {"alertname": "TomRedisUnreachable", "severity": "page", "instance": "c1:8000"},
             "commonAnnotations": {"summary": "Tom controller c1:8000 cannot read Redis",
                                   "runbook_url": "https://runbooks.example/TomRedisUnreachable.md"},
             "externalURL": "http://alertmanager:9093",
             "alerts": [{"status": "firing", "labels": {"alertname": "TomRedisUnreachable"}, "annotations": {},
                         "startsAt": "2026-12-05T00:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
                         "generatorURL": "http://prometheus:9090/graph", "fingerprint": "5f1a"}]}
            """;
    private static Path folder;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Map<String, String> settings() {
        try {
            folder = TempFiles.routesFolder("alertmanager-to-file.yaml",
                    Files.readString(Path.of("routes/examples/alertmanager-to-file.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("tom.routes.dir", folder.toString(), "tom.examples.alerts.dir", folder.resolve("out").toString());
    }

    @AfterAll
    static void deleteFolder() {
        TempFiles.delete(folder);
    }

    @Test
    void eachNotificationBecomesOneLineAndAnythingElseIsRefusedClearly() throws Exception {
        assertEquals(204, post("application/json", NOTIFICATION).statusCode());
        assertEquals(204, post("application/json", NOTIFICATION.replace("\"status\": \"firing\", \"receiver\"",
                "\"status\": \"resolved\", \"receiver\"")).statusCode());
        List<String> lines = Files.readAllLines(folder.resolve("out/alertmanager-notifications.log"));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d) tom-page firing"
                + " TomRedisUnreachable severity=page alerts=1: Tom controller c1:8000 cannot read Redis"
                + " https://runbooks.example/TomRedisUnreachable.md"), lines.get(0));
        assertTrue(lines.get(1).contains(" tom-page resolved TomRedisUnreachable "), lines.get(1));

        HttpResponse<String> form = post("application/x-www-form-urlencoded", "a=b");
        assertEquals(415, form.statusCode(), form.body());
        HttpResponse<String> garbled = post("application/json", "{not json");
        assertEquals(400, garbled.statusCode(), garbled.body());
        assertTrue(garbled.body().contains("\"bad_request\""), garbled.body());
        assertEquals(405, get("/alerts/alertmanager").statusCode());
        assertEquals(2, Files.readAllLines(folder.resolve("out/alertmanager-notifications.log")).size(),
                "nothing refused was written");
    }

    private HttpResponse<String> post(String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/alerts/alertmanager"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
