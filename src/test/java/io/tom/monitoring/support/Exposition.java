package io.tom.monitoring.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed Prometheus text exposition: each sample as {@code name{label="value",...}} (labels
 * sorted by name) mapped to its value, plus the declared TYPE of each family.
 */
public final class Exposition {

    private final Map<String, Double> samples = new LinkedHashMap<>();
    private final Map<String, String> types = new LinkedHashMap<>();
    private final String text;

    private Exposition(String text) {
        this.text = text;
    }

    public static Exposition parse(String text) {
        Exposition exposition = new Exposition(text);
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                exposition.types.put(parts[0], parts[1]);
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                exposition.parseSample(line);
            }
        }
        return exposition;
    }

    public String text() {
        return text;
    }

    public Map<String, Double> samples() {
        return samples;
    }

    /** Samples whose metric name starts with {@code prefix}. */
    public Map<String, Double> samplesStartingWith(String prefix) {
        Map<String, Double> selected = new TreeMap<>();
        samples.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                selected.put(key, value);
            }
        });
        return selected;
    }

    public Double value(String series) {
        return samples.get(series);
    }

    public String type(String family) {
        return types.get(family);
    }

    /** The canonical form used as a sample key: labels sorted by name. */
    public static String series(String name, String... labelPairs) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return format(name, labels);
    }

    private void parseSample(String line) {
        String name;
        TreeMap<String, String> labels = new TreeMap<>();
        int i;
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2; // skip ="
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        } else {
            name = line.substring(0, space);
            i = space;
        }
        String[] rest = line.substring(i).trim().split(" ");
        samples.put(format(name, labels), Double.parseDouble(rest[0]));
    }

    private static String format(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        List<String> pairs = new ArrayList<>();
        labels.forEach((k, v) -> pairs.add(k + "=\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return name + "{" + String.join(",", pairs) + "}";
    }
}
