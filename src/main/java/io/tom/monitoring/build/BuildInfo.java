package io.tom.monitoring.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The controller's version and git revision, as the build wrote them into
 * {@code tom-monitoring-build.properties} (Maven's project version; the checkout's commit, or
 * "unknown" for a build outside one), and the Java it runs on: for {@code --version}, the startup
 * line, the landing page and {@code tom_build_info}.
 */
public record BuildInfo(String version, String revision, String javaVersion) {

    private static final BuildInfo CURRENT = read();

    public static BuildInfo current() {
        return CURRENT;
    }

    /** "Tom Monitoring 0.1.0 (revision 1a2b3c4d5e6f, Java 17.0.13)". */
    public String describe() {
        return "Tom Monitoring " + version + " (revision " + revision + ", Java " + javaVersion + ")";
    }

    private static BuildInfo read() {
        Properties build = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/tom-monitoring-build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(filled(build.getProperty("version")), filled(build.getProperty("revision")),
                System.getProperty("java.version", "unknown"));
    }

    /** A value the build filled in; "unknown" for one it left as its placeholder. */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.trim();
    }
}
