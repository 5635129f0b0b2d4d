package org.confero.server.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.confero.server.it.RunningServer;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input on {@code /ws} of the real server (real answerer, real gateway): each gets an error message with a stable
 * code, and a well-behaved browser in the same room is not disturbed.
 */
class HostileBrowserInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningServer server;
    private static WebSocketClient client;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start(Map.of());
        client = new WebSocketClient();
        client.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void hostileOffersAndMessagesAreAnsweredWithErrorsAndTheRoomCarriesOn() throws Exception {
        String offer = chromiumOffer();
        WsClient good = WsClient.connect(client, server.httpPort());
        good.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"Good\"}");
        good.expect("joined");
        good.send("{\"type\":\"offer\",\"sdp\":" + JSON.writeValueAsString(offer) + "}");
        assertThat(good.expect("answer").path("sdp").asText()).contains("a=fingerprint:sha-256", "a=setup:passive",
                "a=group:BUNDLE", "opus/48000/2");
        assertThat(server.server().media().participantCount("demo")).isEqualTo(1);

        WsClient bad = WsClient.connect(client, server.httpPort());
        bad.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"Mallory\"}");
        bad.expect("joined");
        String noFingerprint = offer.replaceAll("(?m)^a=fingerprint:.*\\r?\\n", "");
        bad.send("{\"type\":\"offer\",\"sdp\":" + JSON.writeValueAsString(noFingerprint) + "}");
        assertThat(errorCode(bad)).isEqualTo("bad-sdp");
        String noOpus = offer.replaceAll("(?m)^a=rtpmap:(\\d+) opus/48000/2", "a=rtpmap:$1 speex/48000/2");
        bad.send("{\"type\":\"offer\",\"sdp\":" + JSON.writeValueAsString(noOpus) + "}");
        assertThat(errorCode(bad)).isEqualTo("no-common-codec");
        bad.send("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\nthis is not SDP\"}");
        assertThat(errorCode(bad)).isEqualTo("bad-sdp");
        bad.send("{not json");
        assertThat(errorCode(bad)).isEqualTo("bad-json");
        bad.send("{\"type\":\"launch-missiles\"}");
        assertThat(errorCode(bad)).isEqualTo("unknown-type");
        bad.send("{\"type\":\"layout\",\"layout\":\"../../etc\"}");
        assertThat(errorCode(bad)).isEqualTo("bad-request");
        bad.send("{\"type\":\"share\",\"on\":\"please\"}");
        assertThat(errorCode(bad)).isEqualTo("bad-request");
        bad.send("{\"type\":\"candidate\",\"candidate\":\"candidate:1 1 udp 1 203.0.113.9 9 typ host\","
                + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");

        // Nothing of Mallory's reached the mixer or the gateway, and Good's call is untouched.
        assertThat(server.server().media().participantCount("demo")).isEqualTo(1);
        assertThat(server.server().webrtc().sessionCount()).isEqualTo(1);
        assertThat(good.closeStatus).isEqualTo(-1);
        good.send("{\"type\":\"ping\"}");
        good.expect("pong");
        assertThat(server.server().metrics().counterValue("confero_signalling_error_bad_sdp_total")).isEqualTo(2);

        good.send("{\"type\":\"leave\"}");
        bad.send("{\"type\":\"leave\"}");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((server.server().media().openLegCount() > 0 || server.server().webrtc().sessionCount() > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.server().media().openLegCount()).isZero();
        assertThat(server.server().webrtc().sessionCount()).isZero();
    }

    private static String errorCode(WsClient ws) throws InterruptedException {
        JsonNode error = ws.expect("error");
        assertThat(error.path("message").asText()).isNotBlank();
        return error.path("code").asText();
    }

    private static String chromiumOffer() throws Exception {
        try (InputStream in = HostileBrowserInputTest.class.getResourceAsStream("/webrtc/chromium-156-offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
