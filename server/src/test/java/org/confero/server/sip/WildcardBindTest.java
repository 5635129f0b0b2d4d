package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.confero.server.it.RunningServer;
import org.confero.server.net.AnnouncedAddress;
import org.confero.server.peers.FreePorts;
import org.confero.server.signalling.WsClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The server bound to every address with no public address set: it names the address it announces at start, and
 * no SDP it answers carries 0.0.0.0, except the {@code c=} of a rejected (port 0) m-section, which RFC 8866 allows.
 * The peers stay on loopback; a SIP call that arrives on 127.0.0.1 is answered with 127.0.0.1.
 */
class WildcardBindTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void boundToEveryAddressTheServerAnnouncesARealAddressAndNeverAWildcard() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logged.add(event.getFormattedMessage());
            }
        };
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        capture.start();
        root.addAppender(capture);
        try (RunningServer server = RunningServer.start(Map.of(), List.of("--bind", "0.0.0.0"))) {
            String announced = server.server().webrtc().advertisedAddress();
            System.out.println("announced: " + logged.stream().filter(l -> l.startsWith("announced")).toList());
            assertThat(announced).isNotEqualTo("0.0.0.0").isEqualTo(AnnouncedAddress.defaultRouteAddress().orElseThrow());
            assertThat(logged).anyMatch(l -> l.startsWith("announced WebRTC " + announced + ":"))
                    .anyMatch(l -> l.startsWith("announced SIP") && l.contains("interface each call arrives on"));

            String sipAnswer = sipAnswer(server.sipPort());
            System.out.println("SIP answer:\n" + sipAnswer);
            assertNoWildcardOutsideRejectedSections(sipAnswer);
            assertThat(sipAnswer).as("the interface the INVITE came in on").contains("c=IN IP4 127.0.0.1\r\n");

            String webrtcAnswer = webrtcAnswer(server.httpPort());
            System.out.println("WebRTC answer:\n" + webrtcAnswer);
            assertNoWildcardOutsideRejectedSections(webrtcAnswer);
            assertThat(webrtcAnswer).contains(" " + announced + " " + server.server().webrtc().localPort() + " typ host")
                    .contains("m=application 0 ");
        } finally {
            root.detachAppender(capture);
        }
    }

    private static String sipAnswer(int sipPort) throws Exception {
        try (RawSipClient client = new RawSipClient(sipPort)) {
            TestCall call = new TestCall(client, sipPort, "demo");
            // An offer with a video section we do not take: the answer rejects it with port 0.
            call.invite(TestCall.offer(FreePorts.udpPair(), null, "0", "a=rtpmap:0 PCMU/8000")
                    + "m=text 5004 RTP/AVP 98\r\na=rtpmap:98 t140/1000\r\n");
            SipText ok = client.response(200, Duration.ofSeconds(5));
            call.answered(ok);
            call.ack();
            call.bye();
            client.response(200, Duration.ofSeconds(5));
            return ok.body();
        }
    }

    private static String webrtcAnswer(int httpPort) throws Exception {
        String offer;
        try (var in = WildcardBindTest.class.getResourceAsStream("/webrtc/chromium-156-offer.sdp")) {
            offer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Only the loopback UDP candidate: ICE checks must stay on 127.0.0.1.
        StringBuilder kept = new StringBuilder();
        for (String line : offer.split("\r?\n")) {
            if (!line.startsWith("a=candidate:") || (line.contains(" 127.0.0.1 ") && line.contains(" udp "))) {
                kept.append(line).append("\r\n");
            }
        }
        WebSocketClient http = new WebSocketClient();
        http.start();
        try {
            WsClient ws = WsClient.connect(http, httpPort);
            ws.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"Ada\"}");
            ws.expect("joined");
            ObjectNode message = JSON.createObjectNode().put("type", "offer").put("sdp", kept.toString());
            ws.send(JSON.writeValueAsString(message));
            String sdp = ws.expect("answer").path("sdp").asText();
            ws.send("{\"type\":\"leave\"}");
            return sdp;
        } finally {
            http.stop();
        }
    }

    /** 0.0.0.0 appears only as the c= line of an m-section whose port is 0 (RFC 8866 §5.7, RFC 3264 §6). */
    static void assertNoWildcardOutsideRejectedSections(String sdp) {
        List<List<String>> sections = new ArrayList<>();
        sections.add(new ArrayList<>());
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("m=")) {
                sections.add(new ArrayList<>());
            }
            sections.get(sections.size() - 1).add(line);
        }
        assertThat(sections.get(0)).as("session level").noneMatch(l -> l.contains("0.0.0.0"));
        for (List<String> section : sections.subList(1, sections.size())) {
            boolean rejected = section.get(0).split(" ")[1].equals("0");
            for (String line : section) {
                if (rejected && line.equals("c=IN IP4 0.0.0.0")) {
                    continue;
                }
                assertThat(line).as("in section " + section.get(0)).doesNotContain("0.0.0.0");
            }
        }
    }
}
