package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.confero.server.metrics.PrometheusText;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.confero.server.signalling.WsClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * The operator's view of a running call: {@code /metrics} parsed strictly while two phones talk, then a drain:
 * {@code /readyz} turns false, new calls and joins are refused, the call in progress keeps its audio, and the
 * server stops by itself once the room is empty.
 */
class MetricsAndDrainTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void metricsWhileACallRunsThenADrainThatKeepsTheCallsAudio() throws Exception {
        RunningServer server = RunningServer.start(Map.of());
        String base = "http://127.0.0.1:" + server.httpPort();
        try (BaresipPhone talker = BaresipPhone.builder("talker").tone(700).codecs(PhoneCodec.PCMU).start();
             BaresipPhone listener = BaresipPhone.builder("listener").tone(1100).codecs(PhoneCodec.PCMU).start()) {
            talker.dial(server.roomUri("demo"));
            listener.dial(server.roomUri("demo"));
            talker.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            listener.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            assertThat(Await.until(() -> server.server().media().participantCount("demo") == 2,
                    Duration.ofSeconds(5))).isTrue();
            // Leg quality comes from the phones' RTCP receiver reports (baresip sends one every few seconds); a
            // round-trip time only from a report that came after our first sender report, which may be the second.
            assertThat(Await.until(() -> {
                PrometheusText now = scrape(base);
                return now.value("confero_leg_mos_count", Map.of("kind", "sip")) >= 2
                        && now.type("confero_leg_rtt_seconds") != null
                        && now.value("confero_leg_rtt_seconds_count", Map.of("kind", "sip")) >= 1;
            }, Duration.ofSeconds(20))).as("RTCP report blocks observed for both legs, one with a round trip").isTrue();

            PrometheusText m = scrape(base);
            assertThat(m.value("confero_room_participants", Map.of("room", "demo"))).isEqualTo(2);
            assertThat(m.value("confero_room_talkers", Map.of("room", "demo"))).isBetween(1.0, 2.0);
            assertThat(m.value("confero_mix_tick_duration_seconds_count")).isGreaterThan(50);
            assertThat(m.value("confero_native_codec_contexts")).isGreaterThanOrEqualTo(2);
            assertThat(m.type("confero_webrtc_dtls_handshakes_failed_total")).isEqualTo("counter");
            assertThat(m.type("confero_webrtc_ice_failures_total")).isEqualTo("counter");
            assertThat(m.value("sip_requests_received_total", Map.of("method", "INVITE"))).isGreaterThanOrEqualTo(2);
            assertThat(m.value("sip_responses_sent_total", Map.of("method", "INVITE", "code", "200")))
                    .isGreaterThanOrEqualTo(2);
            for (String quality : new String[] {"confero_leg_loss_ratio", "confero_leg_jitter_seconds",
                    "confero_leg_mos"}) {
                assertThat(m.type(quality)).isEqualTo("histogram");
                assertThat(m.value(quality + "_count", Map.of("kind", "sip"))).as(quality).isGreaterThanOrEqualTo(2);
            }
            assertThat(m.type("confero_leg_rtt_seconds")).isEqualTo("histogram");
            double mosSum = m.value("confero_leg_mos_sum", Map.of("kind", "sip"));
            double mosCount = m.value("confero_leg_mos_count", Map.of("kind", "sip"));
            assertThat(mosSum / mosCount).as("mean MOS on loopback").isGreaterThan(4.0);
            assertThat(m.series("jvm_memory_used_bytes")).isNotEmpty();
            assertThat(m.series("jvm_gc_collection_seconds_count")).isNotEmpty();
            assertThat(m.value("confero_ready")).isEqualTo(1);
            System.out.printf("metrics during the call: %d samples, mean MOS %.2f over %.0f reports, %.0f mix ticks%n",
                    m.samples().size(), mosSum / mosCount, mosCount, m.value("confero_mix_tick_duration_seconds_count"));
            assertThat(get(base + "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);

            // The drain: refused without the admin token, accepted with it.
            assertThat(postDrain(base, "wrong").statusCode()).isEqualTo(401);
            String token = Files.readString(server.dataDir().resolve("admin-token")).strip();
            HttpResponse<String> drained = postDrain(base, token);
            long drainStarted = System.nanoTime();
            assertThat(drained.statusCode()).isEqualTo(202);
            assertThat(drained.body()).contains("\"participants\":2");
            HttpResponse<String> ready = get(base + "/readyz");
            assertThat(ready.statusCode()).as("/readyz while draining").isEqualTo(503);
            assertThat(ready.body()).isEqualTo("draining\n");
            assertThat(get(base + "/healthz").statusCode()).as("alive while draining").isEqualTo(200);

            // New calls: SIP 503 with Retry-After, the WebSocket join refused with a stable code.
            try (BaresipPhone late = BaresipPhone.builder("late").tone(1500).codecs(PhoneCodec.PCMU).start()) {
                late.dial(server.roomUri("demo"));
                String reason = late.waitForEvent("CALL_CLOSED", Duration.ofSeconds(10)).param();
                System.out.println("call during the drain closed: " + reason);
                assertThat(reason).contains("503");
            }
            assertThat(joinRefusal(server.httpPort())).isEqualTo("server-draining");
            assertThat(server.server().media().participantCount("demo")).isEqualTo(2);

            Thread.sleep(3000);
            listener.hangup();
            listener.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
            double afterDrainSeconds = (System.nanoTime() - drainStarted) / 1e9;
            Wav heard = Wav.read(listener.recordingOfWhatItHeard());
            double[] steady = ToneAnalysis.steadyPart(heard, Duration.ofSeconds(1), Duration.ofMillis(300));
            int sinceDrain = (int) Math.min(steady.length, (afterDrainSeconds - 0.5) * heard.sampleRate());
            double[] tail = java.util.Arrays.copyOfRange(steady, steady.length - sinceDrain, steady.length);
            double weakest = ToneAnalysis.weakestLevelDbfs(tail, heard.sampleRate(), 700, Duration.ofMillis(500));
            System.out.printf("listener heard the talker during the drain (%.1f s): weakest 500 ms block %.1f dBFS%n",
                    tail.length / (double) heard.sampleRate(), weakest);
            assertThat(weakest).as("the call in progress keeps its audio through the drain").isGreaterThan(-40);
            assertThat(server.server().isClosed()).as("one participant is still in the room").isFalse();

            talker.hangup();
            talker.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
            assertThat(Await.until(() -> server.server().isClosed(), Duration.ofSeconds(10)))
                    .as("the server stops once the room is empty").isTrue();
        } finally {
            server.close();
        }
    }

    private static PrometheusText scrape(String base) {
        try {
            HttpResponse<String> r = get(base + "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            return PrometheusText.parse(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postDrain(String base, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/admin/drain")).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String joinRefusal(int httpPort) throws Exception {
        WebSocketClient client = new WebSocketClient();
        client.start();
        try {
            WsClient ws = WsClient.connect(client, httpPort);
            ws.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"Late\"}");
            JsonNode error = ws.expect("error");
            return error.path("code").asText();
        } finally {
            client.stop();
        }
    }
}
