package io.tom.monitoring.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A GET sent exactly as written, for request lines Java's HttpClient refuses to send (malformed URLs). */
public final class RawHttp {

    private RawHttp() {
    }

    /** Status line and body of {@code GET target} on the loopback port. */
    public static String[] get(int port, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {response.substring(0, response.indexOf("\r\n")),
                    response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }
}
