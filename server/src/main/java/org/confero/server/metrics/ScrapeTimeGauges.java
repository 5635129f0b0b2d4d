package org.confero.server.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * Gauges read at scrape time, replaceable by name (a part that restarts registers its gauges again) and with
 * label sets that may differ from one scrape to the next (rooms come and go). A supplier that throws gives an
 * empty family rather than a failed scrape.
 */
final class ScrapeTimeGauges implements MultiCollector {
    private record Family(String help, Supplier<Map<Map<String, String>, Double>> series) {}

    private final Map<String, Family> families = new ConcurrentSkipListMap<>();

    void put(String name, String help, Supplier<Map<Map<String, String>, Double>> series) {
        families.put(name, new Family(help, series));
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
        families.forEach((name, family) -> {
            GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(family.help());
            for (Map.Entry<Map<String, String>, Double> point : read(family).entrySet()) {
                gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(labels(point.getKey())).value(point.getValue()).build());
            }
            snapshots.add(gauge.build());
        });
        return new MetricSnapshots(snapshots);
    }

    private static Map<Map<String, String>, Double> read(Family family) {
        try {
            return family.series().get();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static Labels labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return Labels.EMPTY;
        }
        Labels.Builder b = Labels.builder();
        labels.forEach(b::label);
        return b.build();
    }
}
