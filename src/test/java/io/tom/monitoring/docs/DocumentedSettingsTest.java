package io.tom.monitoring.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.tom.monitoring.config.TomSettings;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is where a setting is documented, once: every tom.* property of
 * application.properties has its row there, under its property name and its variable.
 */
class DocumentedSettingsTest {

    @Test
    void everySettingOfApplicationPropertiesIsDocumentedOnceInDocsConfiguration() throws IOException {
        String reference = Files.readString(Path.of("docs/configuration.md"));
        List<String> settings = bundledSettings();
        assertFalse(settings.isEmpty(), "application.properties was read");
        for (String setting : settings) {
            String variable = TomSettings.variable(setting);
            long rows = reference.lines().filter(line -> line.startsWith("| `") && line.contains("`" + setting + "`"))
                    .count();
            assertEquals(1, rows, setting + " has " + rows + " rows in docs/configuration.md");
            assertTrue(reference.contains("`" + variable + "`"), setting + " is documented under its variable " + variable);
        }
    }

    private static List<String> bundledSettings() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = DocumentedSettingsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties.stringPropertyNames().stream().filter(name -> name.startsWith("tom.")).sorted().toList();
    }
}
