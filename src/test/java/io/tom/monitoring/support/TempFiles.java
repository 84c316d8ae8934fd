package io.tom.monitoring.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes what a test helper left in the temporary folder. */
public final class TempFiles {

    /** A route file the YAML DSL refuses (an unknown step): loading it must fail the controller's start. */
    public static final String BROKEN_ROUTE = """
            - route:
                id: broken
                from:
                  uri: platform-http:/broken
                  steps:
                    - noSuchStep:
                        whatever: true
            """;

    private TempFiles() {
    }

    /** A new temporary folder holding one route file, for {@code tom.routes.dir}; delete it when done. */
    public static Path routesFolder(String fileName, String yaml) {
        try {
            Path folder = Files.createTempDirectory("tom-routes-");
            Files.writeString(folder.resolve(fileName), yaml);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code path} and everything below it; nothing when it is already gone. */
    public static void delete(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + path, e);
        }
    }
}
