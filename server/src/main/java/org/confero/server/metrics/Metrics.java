package org.confero.server.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The server's counters and gauges, rendered at {@code /metrics} in the Prometheus text format.
 * Every drop of bad input increments a named counter here, so that an operator sees it.
 */
public final class Metrics {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final Map<String, Counter> counters = new ConcurrentSkipListMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentSkipListMap<>();
    private final Map<String, Family> families = new ConcurrentSkipListMap<>();

    /** A monotonically increasing count; cheap to increment from any thread. */
    public static final class Counter {
        private final String help;
        private final LongAdder value = new LongAdder();

        private Counter(String help) {
            this.help = help;
        }

        public void increment() {
            value.increment();
        }

        public void add(long n) {
            value.add(n);
        }

        public long get() {
            return value.sum();
        }
    }

    private record Gauge(String help, DoubleSupplier supplier) {}

    private record Family(String help, Supplier<Map<Map<String, String>, Double>> series) {}

    /** Returns the counter with this name, creating it on first use. */
    public Counter counter(String name, String help) {
        checkName(name);
        return counters.computeIfAbsent(name, n -> new Counter(help));
    }

    /** Registers (or replaces) a gauge whose value is read at scrape time. */
    public void gauge(String name, String help, DoubleSupplier supplier) {
        checkName(name);
        gauges.put(name, new Gauge(help, supplier));
    }

    /**
     * Registers (or replaces) a gauge with one series per label set, read at scrape time: the supplier maps each
     * series' labels (name → value) to its value. For per-room figures, whose rooms come and go.
     */
    public void labelledGauge(String name, String help, Supplier<Map<Map<String, String>, Double>> series) {
        checkName(name);
        families.put(name, new Family(help, series));
    }

    /** Current value of a counter, 0 when it was never created. */
    public long counterValue(String name) {
        Counter c = counters.get(name);
        return c == null ? 0 : c.get();
    }

    /** Prometheus text exposition format 0.0.4. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        counters.forEach((name, c) -> {
            out.append("# HELP ").append(name).append(' ').append(c.help).append('\n');
            out.append("# TYPE ").append(name).append(" counter\n");
            out.append(name).append(' ').append(c.get()).append('\n');
        });
        gauges.forEach((name, g) -> {
            double v;
            try {
                v = g.supplier.getAsDouble();
            } catch (RuntimeException e) {
                v = Double.NaN;
            }
            out.append("# HELP ").append(name).append(' ').append(g.help).append('\n');
            out.append("# TYPE ").append(name).append(" gauge\n");
            out.append(name).append(' ').append(formatDouble(v)).append('\n');
        });
        families.forEach((name, f) -> {
            Map<Map<String, String>, Double> series;
            try {
                series = f.series.get();
            } catch (RuntimeException e) {
                series = Map.of();
            }
            out.append("# HELP ").append(name).append(' ').append(f.help).append('\n');
            out.append("# TYPE ").append(name).append(" gauge\n");
            series.forEach((labels, v) -> {
                out.append(name).append('{');
                String sep = "";
                for (Map.Entry<String, String> l : labels.entrySet()) {
                    out.append(sep).append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
                    sep = ",";
                }
                out.append("} ").append(formatDouble(v)).append('\n');
            });
        });
        return out.toString();
    }

    /** Text format 0.0.4: a label value escapes backslash, double quote and line feed. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String formatDouble(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name: " + name);
        }
    }
}
