package io.tom.monitoring.metrics;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Renames camelCase tag keys (Camel's {@code routeId}, {@code camelContext}) to the snake_case
 * label names Prometheus conventions ask for ({@code route_id}, {@code camel_context}).
 */
public final class SnakeCaseTagFilter implements MeterFilter {

    @Override
    public Meter.Id map(Meter.Id id) {
        List<Tag> renamed = new ArrayList<>();
        boolean changed = false;
        for (Tag tag : id.getTagsAsIterable()) {
            String key = snakeCase(tag.getKey());
            changed |= !key.equals(tag.getKey());
            renamed.add(Tag.of(key, tag.getValue()));
        }
        return changed ? id.replaceTags(renamed) : id;
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)))) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
