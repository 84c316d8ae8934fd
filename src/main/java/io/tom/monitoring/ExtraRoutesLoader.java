package io.tom.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the integration team's own YAML routes from the routes folder setting, beside the bundled
 * ones. The folder arrives resolved to an absolute path ({@link TomSettings}), so the controller
 * behaves the same from any working directory; a broken route stops startup with a clear message.
 */
final class ExtraRoutesLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ExtraRoutesLoader.class);

    private ExtraRoutesLoader() {
    }

    static void load(CamelContext context, Path dir) throws Exception {
        List<Path> files = yamlFiles(dir);
        List<String> yml = files.stream().map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yml")).toList();
        if (!yml.isEmpty()) {
            // Camel's YAML DSL loads *.yaml only, and its own refusal names no file
            throw new IllegalArgumentException("TOM_ROUTES_DIR " + dir + " holds " + String.join(", ", yml)
                    + ": route files must end in .yaml (the extension Camel's YAML DSL loads); rename "
                    + (yml.size() == 1 ? "it" : "them"));
        }
        if (files.isEmpty()) {
            LOG.warn("The routes folder {} holds no *.yaml route files", dir);
            return;
        }
        List<Resource> resources = new ArrayList<>();
        for (Path file : files) {
            resources.add(PluginHelper.getResourceLoader(context).resolveResource("file:" + file));
        }
        int index = 0;
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resources)) {
            context.getRegistry().bind("tomExtraRoutes" + index++, builder);
        }
        LOG.info("Loading {} extra route file(s) from {}: {}", files.size(), dir,
                files.stream().map(f -> f.getFileName().toString()).toList());
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries
                    .filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }
}
