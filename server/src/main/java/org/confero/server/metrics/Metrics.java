package org.confero.server.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The server's counters, gauges and histograms, rendered at {@code /metrics} in the Prometheus text format by
 * the Prometheus Java client. Every drop of bad input increments a named counter here, so that an operator sees
 * it. Each server has its own registry (tests run several servers in one JVM); JVM and GC figures come from one
 * registry shared by the process.
 */
public final class Metrics {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
    private final Map<String, LabelledCounter> labelledCounters = new ConcurrentHashMap<>();
    private final ScrapeTimeGauges gauges = new ScrapeTimeGauges();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** A monotonically increasing count; cheap to increment from any thread. */
    public static final class Counter {
        private final io.prometheus.metrics.core.metrics.Counter counter;

        private Counter(io.prometheus.metrics.core.metrics.Counter counter) {
            this.counter = counter;
        }

        public void increment() {
            counter.inc();
        }

        public void add(long n) {
            counter.inc(n);
        }

        public long get() {
            return counter.getLongValue();
        }
    }

    /**
     * Returns the counter with this name, creating it on first use. Counter names end in {@code _total}, as the
     * text format writes them.
     */
    public Counter counter(String name, String help) {
        checkName(name);
        return counters.computeIfAbsent(name, n -> new Counter(io.prometheus.metrics.core.metrics.Counter.builder()
                .name(n).help(help).withoutExemplars().register(registry)));
    }

    /** Returns the counter family with these labels, creating it on first use. */
    public LabelledCounter labelledCounter(String name, String help, String... labelNames) {
        checkName(name);
        return labelledCounters.computeIfAbsent(name, n -> new LabelledCounter(
                io.prometheus.metrics.core.metrics.Counter.builder().name(n).help(help).labelNames(labelNames)
                        .withoutExemplars().register(registry)));
    }

    /**
     * Returns the histogram with this name (classic buckets with these upper bounds, optionally labelled),
     * creating it on first use.
     */
    public Histogram histogram(String name, String help, double[] upperBounds, String... labelNames) {
        checkName(name);
        return histograms.computeIfAbsent(name, n -> new Histogram(io.prometheus.metrics.core.metrics.Histogram
                .builder().name(n).help(help).classicOnly().classicUpperBounds(upperBounds).labelNames(labelNames)
                .withoutExemplars().register(registry)));
    }

    /** Registers (or replaces) a gauge whose value is read at scrape time. */
    public void gauge(String name, String help, DoubleSupplier supplier) {
        checkName(name);
        gauges.put(name, help, () -> Map.of(Map.of(), supplier.getAsDouble()));
    }

    /**
     * Registers (or replaces) a gauge with one series per label set, read at scrape time: the supplier maps each
     * series' labels (name → value) to its value. For per-room figures, whose rooms come and go.
     */
    public void labelledGauge(String name, String help, Supplier<Map<Map<String, String>, Double>> series) {
        checkName(name);
        gauges.put(name, help, series);
    }

    /** Current value of a counter, 0 when it was never created. */
    public long counterValue(String name) {
        Counter c = counters.get(name);
        return c == null ? 0 : c.get();
    }

    /**
     * Prometheus text exposition format 0.0.4: this server's counters and histograms, its gauges, then the JVM's.
     * The three are written one after the other because Confero's names predate the client library: a counter
     * {@code x_total} next to a gauge {@code x} (e.g. {@code sip_registrations_total} and
     * {@code sip_registrations}) is valid in this format, though the library refuses the pair in one scrape.
     */
    public String render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        try {
            writer.write(out, registry.scrape());
            writer.write(out, gauges.collect());
            writer.write(out, JvmMetricsRegistry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The media type of {@link #render()}. */
    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name: " + name);
        }
    }
}
