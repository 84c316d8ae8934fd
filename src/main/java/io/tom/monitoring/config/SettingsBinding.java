package io.tom.monitoring.config;

import java.util.function.Function;

/** Reads and checks properties, naming the variable in every complaint. */
record SettingsBinding(TomSettings.Source source) {

    String optional(String name) {
        return source.property(name).map(String::trim).orElse("");
    }

    String required(String name) {
        String value = optional(name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(describe(name) + " must be set");
        }
        return value;
    }

    int positiveInt(String name) {
        return parsed(name, SettingsBinding::positive);
    }

    /** The value as {@code parse} reads it; its complaint is prefixed with the setting's name. */
    <T> T parsed(String name, Function<String, T> parse) {
        String raw = source.property(name).orElse("");
        // spaces around a value are dropped; a value of only spaces is kept, for the parser to refuse
        String value = raw.isBlank() ? raw : raw.trim();
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe(name) + " " + e.getMessage(), e);
        }
    }

    static int positive(String value) {
        return atLeast(value, 1, "a positive integer");
    }

    static int nonNegativeInt(String value) {
        return atLeast(value, 0, "0 or a positive integer");
    }

    private static int atLeast(String value, int minimum, String expected) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= minimum) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("must be " + expected + ", got '" + value + "'");
    }

    /** A property as operators know it: its environment variable, then the property name. */
    private static String describe(String property) {
        return TomSettings.variable(property) + " (" + property + ")";
    }
}
