package org.confero.server.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.confero.server.http.TestServer;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignallingEndpointTest {
    private static final String OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=setup:actpass\r\na=rtpmap:111 opus/48000/2\r\n";

    @TempDir
    Path dataDir;

    private final FakeBrowserCalls calls = new FakeBrowserCalls();
    private final WebSocketClient client = new WebSocketClient();
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dataDir, calls,
                new SignallingLimits(64 * 1024, 20, Duration.ofSeconds(2), Duration.ofSeconds(30), 3));
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.close();
    }

    private WsClient connect() throws Exception {
        return WsClient.connect(client, server.httpPort());
    }

    private WsClient joined(String name) throws Exception {
        WsClient ws = connect();
        ws.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"" + name + "\"}");
        ws.expect("joined");
        return ws;
    }

    @Test
    void chatReachesEveryoneInTheRoomAsTextWithLimits() throws Exception {
        WsClient ada = joined("Ada");
        WsClient bob = joined("Bob");
        ada.send("{\"type\":\"chat\",\"text\":\"<img src=x onerror=alert(1)> hi\"}");
        for (WsClient ws : new WsClient[] {ada, bob}) {
            JsonNode line = ws.expect("chat");
            assertThat(line.path("text").asText()).isEqualTo("<img src=x onerror=alert(1)> hi");
            assertThat(line.path("name").asText()).isEqualTo("Ada");
            assertThat(line.path("ts").asLong()).isPositive();
        }
        ada.send("{\"type\":\"chat\",\"text\":\"" + "x".repeat(1001) + "\"}");
        assertThat(ada.expect("error").path("code").asText()).isEqualTo("bad-request");
        ada.send("{\"type\":\"chat\",\"text\":\"a\"}");
        ada.send("{\"type\":\"chat\",\"text\":\"b\"}");
        assertThat(ada.expect("error").path("code").asText()).as("third line within a second")
                .isEqualTo("rate-limited");
        WsClient eve = connect();
        eve.send("{\"type\":\"chat\",\"text\":\"before joining\"}");
        assertThat(eve.expect("error").path("code").asText()).isEqualTo("not-joined");
        eve.send("{\"type\":\"record\",\"action\":\"start\"}");
        assertThat(eve.expect("error").path("code").asText()).isEqualTo("not-joined");
        bob.send("{\"type\":\"record\",\"action\":\"start\"}");
        assertThat(bob.expect("error").path("code").asText()).as("no recording set up").isEqualTo("not-allowed");
        bob.send("{\"type\":\"record\",\"action\":\"pause\"}");
        assertThat(bob.expect("error").path("code").asText()).isEqualTo("bad-request");
    }

    @Test
    void browserJoinsGetsAnAnswerAndTricklesCandidatesBothWays() throws Exception {
        WsClient ws = connect();
        ws.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"  Ada\\u0007 \"}");

        JsonNode joined = ws.next();
        assertThat(joined.path("type").asText()).as("joined comes before any roster").isEqualTo("joined");
        String id = joined.path("participantId").asText();
        assertThat(joined.path("room").asText()).isEqualTo("demo");
        assertThat(joined.path("name").asText()).isEqualTo("Ada");
        assertThat(joined.path("iceServers").get(0).path("urls").asText()).isEqualTo("stun:127.0.0.1:3478");
        assertThat(joined.path("participants").get(0).path("kind").asText()).isEqualTo("browser");
        assertThat(ws.next().path("type").asText()).isEqualTo("participants");

        ws.send("{\"type\":\"offer\",\"sdp\":" + json(OFFER) + "}");
        JsonNode candidate = ws.expect("candidate");
        assertThat(candidate.path("candidate").asText()).contains("127.0.0.1 10000 typ host");
        assertThat(ws.expect("candidate").path("candidate").asText()).as("end of candidates").isEmpty();
        assertThat(ws.expect("answer").path("sdp").asText()).contains("a=setup:active");

        ws.send("{\"type\":\"candidate\",\"candidate\":\"candidate:2 1 udp 1 127.0.0.1 5000 typ host\","
                + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
        ws.send("{\"type\":\"candidate\",\"candidate\":\"\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
        ws.send("{\"type\":\"mute\",\"audio\":true,\"video\":false}");
        ws.send("{\"type\":\"ping\"}");
        ws.expect("pong");
        FakeBrowserCalls.Call call = calls.calls.get(id);
        assertThat(call.remoteCandidates).containsExactly("candidate:2 1 udp 1 127.0.0.1 5000 typ host|0|0");
        assertThat(call.endOfCandidates).isTrue();
        assertThat(call.muted).isEqualTo("audio=true,video=false");

        ws.send("{\"type\":\"leave\"}");
        assertThat(ws.expect("bye").path("reason").asText()).isEqualTo("left");
        assertThat(ws.awaitClosed()).isTrue();
        assertThat(call.closed).isTrue();
    }

    @Test
    void everyKindOfBadInputGetsItsErrorCode() throws Exception {
        WsClient ws = connect();
        ws.send("{not json");
        ws.expectError("bad-json");
        ws.send("[1,2]");
        ws.expectError("bad-json");
        ws.send("{\"type\":\"dance\"}");
        ws.expectError("unknown-type");
        ws.send("{\"room\":\"demo\"}");
        ws.expectError("unknown-type");
        ws.send("{\"type\":\"offer\",\"sdp\":\"v=0\"}");
        ws.expectError("not-joined");
        ws.send("{\"type\":\"join\",\"room\":\"nowhere\",\"name\":\"Ada\"}");
        ws.expectError("room-not-found");
        ws.send("{\"type\":\"join\",\"room\":\"../etc\",\"name\":\"Ada\"}");
        ws.expectError("room-not-found");
        ws.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"   \"}");
        ws.expectError("bad-request");
        ws.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":{\"x\":1}}");
        ws.expectError("bad-request");
        ws.send("{\"type\":\"join\",\"room\":\"full\",\"name\":\"Ada\"}");
        ws.expectError("room-full");
        assertThat(ws.isOpen()).as("refused joins keep the socket for a retry").isTrue();

        WsClient member = joined("Bob");
        member.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"Bob\"}");
        member.expectError("already-joined");
        member.send("{\"type\":\"offer\",\"sdp\":\"hello\"}");
        member.expectError("bad-sdp");
        member.send("{\"type\":\"offer\",\"sdp\":\"\"}");
        member.expectError("bad-sdp");
        member.send("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\nm=audio 9 RTP/AVP 0\\r\\n\"}");
        member.expectError("no-common-codec");
        member.send("{\"type\":\"candidate\",\"candidate\":\"candidate:1 1 udp 1 1.2.3.4 1 typ host\"}");
        member.expectError("bad-request");

        assertThat(server.metrics.counterValue("confero_signalling_error_bad_json_total")).isEqualTo(2);
        assertThat(server.metrics.counterValue("confero_signalling_error_unknown_type_total")).isEqualTo(2);
        assertThat(server.metrics.counterValue("confero_signalling_error_room_not_found_total")).isEqualTo(2);
        assertThat(server.metrics.counterValue("confero_signalling_error_not_joined_total")).isEqualTo(1);
    }

    @Test
    void mediaSideFaultAndBinaryFramesGetErrorsAndTheSocketKeepsWorking() throws Exception {
        WsClient ws = connect();
        ws.send("{\"type\":\"join\",\"room\":\"broken\",\"name\":\"Ada\"}");
        ws.expectError("internal");
        ws.sendBinary(new byte[] {1, 2, 3});
        ws.expectError("bad-request");
        ws.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"Ada\"}");
        ws.expect("joined");
        assertThat(server.metrics.counterValue("confero_signalling_error_internal_total")).isEqualTo(1);
    }

    @Test
    void wrongPinIsRefusedRightPinAdmitsAndRepeatedFailuresClose() throws Exception {
        WsClient ws = connect();
        ws.send("{\"type\":\"join\",\"room\":\"secret\",\"name\":\"Ada\",\"pin\":\"9999\"}");
        ws.expectError("wrong-pin");
        ws.send("{\"type\":\"join\",\"room\":\"secret\",\"name\":\"Ada\",\"pin\":\" 1234 \"}");
        assertThat(ws.expect("joined").path("room").asText()).isEqualTo("secret");

        WsClient guesser = connect();
        for (int i = 0; i < 3; i++) {
            guesser.send("{\"type\":\"join\",\"room\":\"secret\",\"name\":\"Eve\",\"pin\":\"000" + i + "\"}");
            guesser.expectError("wrong-pin");
        }
        assertThat(guesser.expect("bye").path("reason").asText()).isEqualTo("too-many-attempts");
        assertThat(guesser.awaitClosed()).isTrue();
    }

    @Test
    void oversizedMessageIsRefusedAndClosesTheSocket() throws Exception {
        WsClient ws = joined("Ada");
        ws.send("{\"type\":\"offer\",\"sdp\":\"" + "a".repeat(70_000) + "\"}");
        ws.expectError("too-large");
        assertThat(ws.awaitClosed()).isTrue();
        assertThat(ws.closeStatus).isEqualTo(1009);
        assertThat(server.metrics.counterValue("confero_signalling_error_too_large_total")).isEqualTo(1);
    }

    @Test
    void hugeMessageIsCutOffByTheWebSocketLayerAndStillCounted() throws Exception {
        WsClient ws = connect();
        ws.send("{\"type\":\"ping\",\"pad\":\"" + "c".repeat(300_000) + "\"}");
        assertThat(ws.awaitClosed()).isTrue();
        assertThat(ws.closeStatus).isEqualTo(1009);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (server.metrics.counterValue("confero_signalling_error_too_large_total") == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.metrics.counterValue("confero_signalling_error_too_large_total")).isEqualTo(1);
    }

    @Test
    void floodOfMessagesIsRateLimited() throws Exception {
        WsClient ws = connect();
        for (int i = 0; i < 60; i++) {
            ws.send("{\"type\":\"ping\"}");
        }
        ws.expectError("rate-limited");
        assertThat(server.metrics.counterValue("confero_signalling_error_rate_limited_total")).isGreaterThan(0);
        Thread.sleep(1100);
        ws.received.clear();
        ws.send("{\"type\":\"ping\"}");
        assertThat(ws.expect("pong")).as("the socket recovers after a second").isNotNull();
    }

    @Test
    void layoutRequestReachesTheCallAndTheRoomsLayoutReachesEveryone() throws Exception {
        WsClient ada = joined("Ada");
        WsClient bob = joined("Bob");
        ada.send("{\"type\":\"layout\",\"layout\":\"speaker\"}");
        assertThat(ada.expect("layout").path("layout").asText()).isEqualTo("speaker");
        assertThat(bob.expect("layout").path("layout").asText()).isEqualTo("speaker");
        FakeBrowserCalls.Call adaCall = calls.calls.values().stream().filter(c -> c.name.equals("Ada")).findFirst()
                .orElseThrow();
        assertThat(adaCall.layout).as("the requester's call applies it").isEqualTo("speaker");

        ada.send("{\"type\":\"share\",\"on\":true}");
        ada.send("{\"type\":\"ping\"}");
        ada.expect("pong");
        ada.send("{\"type\":\"share\",\"on\":false}");
        ada.send("{\"type\":\"ping\"}");
        ada.expect("pong");
        assertThat(adaCall.sharing).containsExactly(true, false);
    }

    @Test
    void badLayoutAndShareMessagesAreRefusedAndRoomChangesAreRateLimited() throws Exception {
        WsClient stranger = connect();
        stranger.send("{\"type\":\"layout\",\"layout\":\"grid\"}");
        stranger.expectError("not-joined");
        stranger.send("{\"type\":\"share\",\"on\":true}");
        stranger.expectError("not-joined");

        WsClient ws = joined("Ada");
        ws.send("{\"type\":\"layout\",\"layout\":\"mosaic\"}");
        ws.expectError("bad-request");
        ws.send("{\"type\":\"layout\"}");
        ws.expectError("bad-request");
        ws.send("{\"type\":\"share\",\"on\":\"yes\"}");
        ws.expectError("bad-request");
        FakeBrowserCalls.Call call = calls.calls.values().iterator().next();
        assertThat(call.layout).isEqualTo("none");
        assertThat(call.sharing).isEmpty();

        // Each layout change is broadcast to the room, so a burst is cut short well below the message rate.
        for (int i = 0; i < 10; i++) {
            ws.send("{\"type\":\"layout\",\"layout\":\"" + (i % 2 == 0 ? "grid" : "speaker") + "\"}");
        }
        ws.expectError("rate-limited");
        assertThat(ws.isOpen()).isTrue();
        ws.send("{\"type\":\"ping\"}");
        ws.expect("pong");
        assertThat(server.metrics.counterValue("confero_signalling_error_rate_limited_total")).isGreaterThan(0);
    }

    @Test
    void socketThatNeverJoinsIsClosedAfterTheJoinTimeout() throws Exception {
        WsClient ws = connect();
        assertThat(ws.expect("bye").path("reason").asText()).isEqualTo("join-timeout");
        assertThat(ws.awaitClosed()).isTrue();
    }

    @Test
    void misbehavingClientDoesNotDisturbAnotherParticipant() throws Exception {
        WsClient good = joined("Ada");
        WsClient bad = joined("Mallory");
        bad.send("{garbage");
        bad.send("{\"type\":\"offer\",\"sdp\":null}");
        bad.send("{\"type\":\"mute\",\"audio\":\"loud\"}");
        for (int i = 0; i < 40; i++) {
            bad.send("{\"type\":\"ping\"}");
        }
        bad.send("{\"type\":\"x\",\"pad\":\"" + "b".repeat(100_000) + "\"}");
        assertThat(bad.awaitClosed()).isTrue();

        // Mallory's disconnect reached Ada as a roster change, and Ada's call is intact.
        JsonNode roster = good.expect("participants");
        while (roster.path("list").size() != 1) {
            roster = good.expect("participants");
        }
        good.send("{\"type\":\"ping\"}");
        good.expect("pong");
        assertThat(roster.path("list")).hasSize(1);
        assertThat(roster.path("list").get(0).path("name").asText()).isEqualTo("Ada");
        good.send("{\"type\":\"offer\",\"sdp\":" + json(OFFER) + "}");
        good.expect("answer");
        assertThat(good.isOpen()).isTrue();
    }

    @Test
    void closingTheSocketEndsTheCall() throws Exception {
        WsClient ws = joined("Ada");
        ws.close();
        assertThat(ws.awaitClosed()).isTrue();
        FakeBrowserCalls.Call call = calls.calls.values().iterator().next();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!call.closed && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(call.closed).isTrue();
    }

    @Test
    void mediaSideCanDisconnectABrowser() throws Exception {
        WsClient ws = joined("Ada");
        calls.calls.values().iterator().next().peer.disconnect("removed-by-host");
        assertThat(ws.expect("bye").path("reason").asText()).isEqualTo("removed-by-host");
        assertThat(ws.awaitClosed()).isTrue();
    }

    private static String json(String s) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    }

    @Test
    void hostControlsFromANonHostAreRefusedAndCountedAndMalformedOnesAreBadRequests() throws Exception {
        WsClient eve = joined("Eve");
        long before = server.metrics.counterValue("confero_signalling_error_not_host_total");
        eve.send("{\"type\":\"host\",\"action\":\"mute\",\"participantId\":\"web-1\"}");
        assertThat(eve.expect("error").path("code").asText()).isEqualTo("not-host");
        Thread.sleep(400); // the host messages' own budget: three a second
        eve.send("{\"type\":\"host\",\"action\":\"end\"}");
        assertThat(eve.expect("error").path("code").asText()).isEqualTo("not-host");
        assertThat(server.metrics.counterValue("confero_signalling_error_not_host_total") - before).isEqualTo(2);

        eve.send("{\"type\":\"host\",\"action\":\"explode\"}");
        assertThat(eve.expect("error").path("code").asText()).isEqualTo("bad-request");
        eve.send("{\"type\":\"host\",\"action\":\"remove\"}");
        assertThat(eve.expect("error").path("code").asText()).as("remove names no one").isEqualTo("bad-request");
        eve.send("{\"type\":\"host\",\"action\":\"admit\",\"participantId\":\"" + "x".repeat(65) + "\"}");
        assertThat(eve.expect("error").path("code").asText()).isEqualTo("bad-request");

        Thread.sleep(1100);
        for (int i = 0; i < 4; i++) {
            eve.send("{\"type\":\"host\",\"action\":\"lock\"}");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(eve.expect("error").path("code").asText()).isEqualTo("not-host");
        }
        assertThat(eve.expect("error").path("code").asText()).as("the fourth within a second")
                .isEqualTo("rate-limited");

        WsClient stranger = connect();
        stranger.send("{\"type\":\"host\",\"action\":\"lock\"}");
        assertThat(stranger.expect("error").path("code").asText()).isEqualTo("not-joined");
    }
}
