package org.confero.server.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    private ErrorCode failure(String text) {
        MessageCodec.Decoded decoded = codec.decode(text);
        assertThat(decoded).as(text).isInstanceOf(MessageCodec.Decoded.Failed.class);
        return ((MessageCodec.Decoded.Failed) decoded).code();
    }

    private ClientMessage ok(String text) {
        MessageCodec.Decoded decoded = codec.decode(text);
        assertThat(decoded).as(text).isInstanceOf(MessageCodec.Decoded.Ok.class);
        return ((MessageCodec.Decoded.Ok) decoded).message();
    }

    @Test
    void decodesEveryClientMessage() {
        assertThat(ok("{\"type\":\"join\",\"room\":\"r\",\"name\":\"n\",\"pin\":\"1234\",\"future\":1}"))
                .isEqualTo(new ClientMessage.Join("r", "n", "1234", null));
        assertThat(ok("{\"type\":\"offer\",\"sdp\":\"v=0\"}")).isEqualTo(new ClientMessage.Offer("v=0"));
        assertThat(ok("{\"type\":\"candidate\",\"candidate\":null,\"sdpMid\":null,\"sdpMLineIndex\":null}"))
                .isEqualTo(new ClientMessage.Candidate(null, null, null));
        assertThat(ok("{\"type\":\"mute\",\"audio\":true}")).isEqualTo(new ClientMessage.Mute(true, false));
        assertThat(ok("{\"type\":\"layout\",\"layout\":\"speaker\"}")).isEqualTo(new ClientMessage.Layout("speaker"));
        assertThat(ok("{\"type\":\"share\",\"on\":true}")).isEqualTo(new ClientMessage.Share(true));
        assertThat(ok("{\"type\":\"share\",\"on\":false}")).isEqualTo(new ClientMessage.Share(false));
        assertThat(ok("{\"type\":\"leave\"}")).isEqualTo(new ClientMessage.Leave());
        assertThat(ok("{\"type\":\"ping\"}")).isEqualTo(new ClientMessage.Ping());
    }

    @Test
    void refusesMalformedInputWithTheRightCode() {
        assertThat(failure("")).isEqualTo(ErrorCode.BAD_JSON);
        assertThat(failure("nul")).isEqualTo(ErrorCode.BAD_JSON);
        assertThat(failure("\"join\"")).isEqualTo(ErrorCode.BAD_JSON);
        assertThat(failure("{\"type\":\"join\"")).isEqualTo(ErrorCode.BAD_JSON);
        assertThat(failure("{\"type\":7}")).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(failure("{\"type\":\"JOIN\"}")).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(failure("{\"type\":\"mute\",\"audio\":\"loud\"}")).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(failure("{\"type\":\"candidate\",\"sdpMLineIndex\":\"x\"}")).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(failure("{\"type\":\"offer\",\"sdp\":[1]}")).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void layoutMustBeOneOfTheThreeLayoutsAndShareAJsonBoolean() {
        for (String layout : List.of("grid", "speaker", "presenter")) {
            assertThat(ok("{\"type\":\"layout\",\"layout\":\"" + layout + "\"}"))
                    .isEqualTo(new ClientMessage.Layout(layout));
        }
        for (String bad : List.of("{\"type\":\"layout\"}", "{\"type\":\"layout\",\"layout\":null}",
                "{\"type\":\"layout\",\"layout\":\"GRID\"}", "{\"type\":\"layout\",\"layout\":\"mosaic\"}",
                "{\"type\":\"layout\",\"layout\":\" grid\"}", "{\"type\":\"layout\",\"layout\":0}",
                "{\"type\":\"layout\",\"layout\":[\"grid\"]}", "{\"type\":\"layout\",\"layout\":{}}",
                "{\"type\":\"share\"}", "{\"type\":\"share\",\"on\":null}", "{\"type\":\"share\",\"on\":\"true\"}",
                "{\"type\":\"share\",\"on\":1}", "{\"type\":\"share\",\"on\":\"yes\"}",
                "{\"type\":\"mute\",\"audio\":\"true\"}")) {
            assertThat(failure(bad)).as(bad).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    @Test
    void encodesServerMessagesWithTheirTypeAndWireNames() {
        assertThat(codec.encode(new ServerMessage.Pong())).isEqualTo("{\"type\":\"pong\"}");
        assertThat(codec.encode(new ServerMessage.Error(ErrorCode.WRONG_PIN.wire(), "no")))
                .isEqualTo("{\"type\":\"error\",\"code\":\"wrong-pin\",\"message\":\"no\"}");
        assertThat(codec.encode(new ServerMessage.Participants(List.of(
                new RosterEntry("s1", "Desk phone", RosterEntry.Kind.SIP, true, true, false)))))
                .isEqualTo("{\"type\":\"participants\",\"list\":[{\"id\":\"s1\",\"name\":\"Desk phone\","
                        + "\"kind\":\"sip\",\"audioMuted\":true,\"videoMuted\":true,\"speaking\":false,\"host\":false}]}");
        assertThat(codec.encode(new ServerMessage.Lobby("web-3", "clinic", "Pat", null)))
                .isEqualTo("{\"type\":\"lobby\",\"participantId\":\"web-3\",\"room\":\"clinic\",\"name\":\"Pat\"}");
        assertThat(codec.encode(new ServerMessage.Meeting(true, List.of(
                new ServerMessage.Waiting("web-3", "Pat", RosterEntry.Kind.BROWSER)))))
                .isEqualTo("{\"type\":\"meeting\",\"locked\":true,\"lobby\":[{\"id\":\"web-3\",\"name\":\"Pat\","
                        + "\"kind\":\"browser\"}]}");
        assertThat(codec.encode(new ServerMessage.HostMute(true))).isEqualTo("{\"type\":\"host-mute\",\"muted\":true}");
        assertThat(codec.encode(new ServerMessage.Layout("presenter")))
                .isEqualTo("{\"type\":\"layout\",\"layout\":\"presenter\"}");
    }

    @Test
    void errorCodesHaveStableWireNames() {
        assertThat(ErrorCode.NO_COMMON_CODEC.wire()).isEqualTo("no-common-codec");
        assertThat(ErrorCode.BAD_JSON.metricName()).isEqualTo("confero_signalling_error_bad_json_total");
    }

    @Test
    void displayNamesAreCleaned() {
        assertThat(SignallingSocket.cleanName("  Ada\u0000\n Lovelace ")).isEqualTo("Ada Lovelace");
        assertThat(SignallingSocket.cleanName("x".repeat(100))).hasSize(64);
        assertThat(SignallingSocket.cleanName(null)).isEmpty();
    }

    @Test
    void rateLimiterAllowsABurstThenTheSustainedRate() {
        RateLimiter limiter = new RateLimiter(10, 0);
        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            if (limiter.tryAcquire(0)) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(10);
        assertThat(limiter.tryAcquire(50_000_000L)).as("half a token after 50 ms").isFalse();
        assertThat(limiter.tryAcquire(100_000_000L)).as("one token after 100 ms").isTrue();
        assertThat(limiter.tryAcquire(10_000_000_000L)).isTrue();
    }
}
