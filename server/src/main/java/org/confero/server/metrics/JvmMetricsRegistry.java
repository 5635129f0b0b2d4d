package org.confero.server.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * JVM memory, GC, threads, class loading and process figures: one set per process, registered on first use in a
 * registry of its own so that a server's registry can be dropped without keeping these alive.
 */
final class JvmMetricsRegistry {
    private static final class Holder {
        static final PrometheusRegistry REGISTRY = create();

        private static PrometheusRegistry create() {
            PrometheusRegistry registry = new PrometheusRegistry();
            JvmMetrics.builder().register(registry);
            return registry;
        }
    }

    private JvmMetricsRegistry() {}

    static MetricSnapshots scrape() {
        return Holder.REGISTRY.scrape();
    }
}
