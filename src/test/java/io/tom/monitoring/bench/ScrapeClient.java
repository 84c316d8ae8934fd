package io.tom.monitoring.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The benchmarks' HTTP client: fetches an answer as Prometheus or {@code curl -o} does, reading
 * the body from the connection into a buffer kept between requests (connections are kept alive).
 * {@code java.net.http.HttpClient}, used before, spent about 40 ms of its own handing over a 19 MB
 * body that curl receives in 14 ms (bench/README.md, fifth round): time that was counted as the
 * controller's. One client per thread.
 */
final class ScrapeClient {

    private byte[] body = new byte[1 << 20];
    private int length;

    /** GETs {@code url}; returns the status. The body stays readable until the next request. */
    int get(String url, Map<String, String> headers) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(60_000);
        headers.forEach(connection::setRequestProperty);
        int status = connection.getResponseCode();
        length = 0;
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                int read;
                while ((read = in.read(body, length, body.length - length)) >= 0) {
                    length += read;
                    if (length == body.length) {
                        body = Arrays.copyOf(body, body.length * 2);
                    }
                }
            }
        }
        return status;
    }

    int get(String url) throws IOException {
        return get(url, Map.of());
    }

    /** Bytes of the last body. */
    int length() {
        return length;
    }

    /** Whether the last body holds {@code text} (ASCII), without making a String of the body. */
    boolean holds(String text) {
        byte[] wanted = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int start = 0; start + wanted.length <= length; start++) {
            for (int i = 0; i < wanted.length; i++) {
                if (body[start + i] != wanted[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The last body as text. */
    String text() {
        return new String(body, 0, length, StandardCharsets.UTF_8);
    }
}
