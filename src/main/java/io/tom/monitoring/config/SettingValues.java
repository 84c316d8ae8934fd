package io.tom.monitoring.config;

import java.util.List;

/** Checks of setting values that guard against a mistake leaving an endpoint open or unreachable. */
final class SettingValues {

    private SettingValues() {
    }

    /** Empty for none; a value of only spaces is a mistake that would leave an endpoint open. */
    static String secret(String value) {
        if (!value.isEmpty() && value.isBlank()) {
            throw new IllegalArgumentException("is blank; leave it empty for none, or set a real value");
        }
        return value.trim();
    }

    /** Comma-separated keys; a blank entry ({@code ","}, {@code "a,,b"}, {@code " "}) is refused, never dropped. */
    static List<String> keys(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].isBlank()) {
                throw new IllegalArgumentException("holds a blank key (entry " + (i + 1) + " of " + entries.length
                        + "); leave it empty for no keys, or list only real keys");
            }
        }
        return TomSettings.list(value);
    }

    /**
     * The port, after checking that the host resolves and the port is free: a controller that cannot
     * listen stops here with one line, instead of starting without its HTTP server.
     */
    static int listenAddress(SettingsBinding in) {
        int port = TomSettings.port(in);
        String host = in.required("tom.http.host");
        java.net.InetAddress address = in.parsed("tom.http.host", value -> {
            try {
                return java.net.InetAddress.getByName(value);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("does not resolve: '" + value + "'");
            }
        });
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(address, port));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(TomSettings.variable("tom.http.port") + " " + port + " on " + host
                    + " cannot be listened on (" + e.getMessage() + "): is another process using it?");
        }
        return port;
    }
}
