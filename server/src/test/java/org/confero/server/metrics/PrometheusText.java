package org.confero.server.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every sample must belong to a family
 * declared by {@code # TYPE} before it, names and label names must be valid, label values correctly escaped,
 * values numbers, series unique, and histogram buckets cumulative up to {@code +Inf == _count}. Any violation
 * throws with the offending line.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME.pattern() + ") (counter|gauge|histogram|summary|untyped|info|stateset|gaugehistogram|unknown)");

    /** One sample: metric name, labels (sorted), value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {}

    public static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition must end with a line feed");
        }
        String family = null;
        Map<String, Boolean> seen = new HashMap<>();
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (line.startsWith("# TYPE ")) {
                Matcher m = TYPE.matcher(line);
                if (!m.matches()) {
                    throw bad(i, line, "bad TYPE line");
                }
                if (p.types.put(m.group(1), m.group(2)) != null) {
                    throw bad(i, line, "family declared twice");
                }
                family = m.group(1);
            } else if (line.startsWith("# HELP ")) {
                String rest = line.substring(7);
                int sp = rest.indexOf(' ');
                String name = sp < 0 ? rest : rest.substring(0, sp);
                if (!NAME.matcher(name).matches()) {
                    throw bad(i, line, "bad HELP name");
                }
            } else if (line.startsWith("#") || line.isEmpty()) {
                if (line.isEmpty()) {
                    throw bad(i, line, "empty line");
                }
            } else {
                Sample s = sample(i, line);
                if (family == null || !belongs(s.name(), family, p.types.get(family))) {
                    throw bad(i, line, "sample outside its declared family " + family);
                }
                String key = s.name() + s.labels();
                if (seen.put(key, true) != null) {
                    throw bad(i, line, "duplicate series");
                }
                p.samples.add(s);
            }
        }
        p.checkHistograms();
        return p;
    }

    private static boolean belongs(String name, String family, String type) {
        return switch (type) {
            case "counter" -> name.equals(family + "_total") || name.equals(family + "_created") || name.equals(family);
            case "histogram" -> name.equals(family + "_bucket") || name.equals(family + "_count")
                    || name.equals(family + "_sum") || name.equals(family + "_created");
            case "summary" -> name.equals(family) || name.equals(family + "_count") || name.equals(family + "_sum")
                    || name.equals(family + "_created");
            case "info" -> name.equals(family + "_info") || name.equals(family);
            default -> name.equals(family);
        };
    }

    private static Sample sample(int i, String line) {
        int pos = 0;
        while (pos < line.length() && line.charAt(pos) != '{' && line.charAt(pos) != ' ') {
            pos++;
        }
        String name = line.substring(0, pos);
        if (!NAME.matcher(name).matches()) {
            throw bad(i, line, "bad metric name");
        }
        Map<String, String> labels = new TreeMap<>();
        if (pos < line.length() && line.charAt(pos) == '{') {
            pos++;
            while (line.charAt(pos) != '}') {
                int eq = line.indexOf('=', pos);
                String label = line.substring(pos, eq);
                if (!LABEL.matcher(label).matches()) {
                    throw bad(i, line, "bad label name " + label);
                }
                if (line.charAt(eq + 1) != '"') {
                    throw bad(i, line, "label value not quoted");
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        value.append(switch (e) {
                            case '\\' -> '\\';
                            case '"' -> '"';
                            case 'n' -> '\n';
                            default -> throw bad(i, line, "bad escape \\" + e);
                        });
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) {
                    throw bad(i, line, "label twice");
                }
                pos = j + 1;
                if (line.charAt(pos) == ',') {
                    pos++;
                } else if (line.charAt(pos) != '}') {
                    throw bad(i, line, "expected , or }");
                }
            }
            pos++;
        }
        if (pos >= line.length() || line.charAt(pos) != ' ') {
            throw bad(i, line, "no value");
        }
        String[] rest = line.substring(pos + 1).split(" ");
        if (rest.length > 2) {
            throw bad(i, line, "trailing fields");
        }
        return new Sample(name, labels, number(i, line, rest[0]));
    }

    private static double number(int i, String line, String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw bad(i, line, "bad value " + v);
                }
            }
        };
    }

    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> bySeries = new HashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(family + "_bucket")) {
                    Map<String, String> rest = new TreeMap<>(s.labels());
                    rest.remove("le");
                    bySeries.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
                }
            }
            bySeries.forEach((labels, buckets) -> {
                double previous = 0;
                double previousLe = Double.NEGATIVE_INFINITY;
                for (Sample b : buckets) {
                    double le = number(0, b.toString(), b.labels().get("le"));
                    if (le <= previousLe || b.value() < previous) {
                        throw new IllegalArgumentException(family + " buckets not cumulative: " + buckets);
                    }
                    previous = b.value();
                    previousLe = le;
                }
                if (previousLe != Double.POSITIVE_INFINITY || value(family + "_count", labels) != previous) {
                    throw new IllegalArgumentException(family + " +Inf bucket differs from _count: " + buckets);
                }
            });
        });
    }

    private static IllegalArgumentException bad(int i, String line, String why) {
        return new IllegalArgumentException("line " + (i + 1) + ": " + why + ": " + line);
    }

    /** The declared type of a family, or null. */
    public String type(String family) {
        return types.get(family);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Value of the series with exactly these labels; NaN when absent. */
    public double value(String name, Map<String, String> labels) {
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().equals(new TreeMap<>(labels))) {
                return s.value();
            }
        }
        return Double.NaN;
    }

    public double value(String name) {
        return value(name, Map.of());
    }

    /** Every series of a name. */
    public List<Sample> series(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
