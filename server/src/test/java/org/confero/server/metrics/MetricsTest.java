package org.confero.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void everyKindRendersInTheTextFormatThatAStrictParserAccepts() {
        Metrics metrics = new Metrics();
        metrics.counter("confero_test_drops_total", "drops").add(3);
        metrics.gauge("confero_test_open", "open", () -> 2);
        metrics.labelledGauge("confero_test_room_participants", "per room",
                () -> Map.of(Map.of("room", "a\"b\\c"), 4.0, Map.of("room", "demo"), 1.0));
        metrics.labelledCounter("sip_test_requests_total", "by method", "method").increment("INVITE");
        Histogram h = metrics.histogram("confero_test_tick_seconds", "ticks", new double[] {0.001, 0.01});
        h.observe(0.0005);
        h.observe(0.005);
        h.observe(0.5);

        PrometheusText text = PrometheusText.parse(metrics.render());

        assertThat(text.type("confero_test_drops_total")).isEqualTo("counter");
        assertThat(text.value("confero_test_drops_total")).isEqualTo(3);
        assertThat(metrics.counterValue("confero_test_drops_total")).isEqualTo(3);
        assertThat(text.value("confero_test_open")).isEqualTo(2);
        assertThat(text.value("confero_test_room_participants", Map.of("room", "a\"b\\c"))).isEqualTo(4);
        assertThat(text.value("sip_test_requests_total", Map.of("method", "INVITE"))).isEqualTo(1);
        assertThat(text.value("confero_test_tick_seconds_bucket", Map.of("le", "0.001"))).isEqualTo(1);
        assertThat(text.value("confero_test_tick_seconds_bucket", Map.of("le", "0.01"))).isEqualTo(2);
        assertThat(text.value("confero_test_tick_seconds_count")).isEqualTo(3);
        assertThat(text.type("jvm_memory_used_bytes")).as("JVM metrics").isEqualTo("gauge");
        assertThat(text.series("jvm_gc_collection_seconds_count")).as("GC metrics").isNotEmpty();
    }

    @Test
    void aGaugeRegisteredAgainReplacesTheFirstAndAFailingOneDoesNotBreakTheScrape() {
        Metrics metrics = new Metrics();
        metrics.gauge("confero_test_value", "v", () -> 1);
        metrics.gauge("confero_test_value", "v", () -> 2);
        metrics.gauge("confero_test_broken", "b", () -> {
            throw new IllegalStateException("gone");
        });
        PrometheusText text = PrometheusText.parse(metrics.render());
        assertThat(text.value("confero_test_value")).isEqualTo(2);
        assertThat(text.series("confero_test_broken")).isEmpty();
    }

    @Test
    void aCounterAndAGaugeOfTheSameStemBothRender() {
        Metrics metrics = new Metrics();
        metrics.counter("sip_registrations_total", "REGISTERs accepted").increment();
        metrics.gauge("sip_registrations", "registered contacts", () -> 5);
        PrometheusText text = PrometheusText.parse(metrics.render());
        assertThat(text.value("sip_registrations_total")).isEqualTo(1);
        assertThat(text.value("sip_registrations")).isEqualTo(5);
    }

    @Test
    void theParserRefusesWhatPrometheusWouldRefuse() {
        assertThatThrownBy(() -> PrometheusText.parse("x 1\n")).hasMessageContaining("outside");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx{a=b} 1\n")).hasMessageContaining("quoted");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx one\n")).hasMessageContaining("bad value");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx 1\nx 2\n")).hasMessageContaining("duplicate");
    }
}
