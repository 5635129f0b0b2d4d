package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.confero.server.peers.BaresipEvent;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two baresip phones register to the real server as alice and bob (digest) and call each other through its proxy.
 * The SIP messages on the wire show Confero in the Record-Route and the SDP passing unchanged; the tones each phone
 * hears show the media flowed between them, and Confero opened no media socket at all.
 */
@Timeout(90)
class ProxiedCallTest {
    private static final Logger LOG = LoggerFactory.getLogger(ProxiedCallTest.class);
    private static final Duration SIGNALLING = Duration.ofSeconds(10);
    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start(Map.of("CONFERO_USER_ALICE_PASSWORD", "alice-secret",
                "CONFERO_USER_BOB_PASSWORD", "bob-secret", "CONFERO_SIP_RTP_TIMEOUT", "3",
                // baresip 1.0 fails on any SHA-256 challenge in a 401/407, even next to an MD5 one (ENOSYS)
                "CONFERO_SIP_DIGEST_ALGORITHMS", "MD5"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aliceCallsBobThroughConferoAndTheMediaFlowsBetweenThePhones() throws Exception {
        int port = server.sipPort();
        try (SipWireCapture wire = SipWireCapture.start(port, Duration.ofSeconds(60));
             BaresipPhone bob = BaresipPhone.builder("bob").tone(1100).autoAnswer()
                     .registerWith("bob", "bob-secret", port).start();
             BaresipPhone alice = BaresipPhone.builder("alice").tone(700)
                     .registerWith("alice", "alice-secret", port).start()) {
            bob.waitForEvent("REGISTER_OK", SIGNALLING);
            alice.waitForEvent("REGISTER_OK", SIGNALLING);
            assertThat(server.server().sip().registrations().bindings("sip:bob@127.0.0.1")).hasSize(1);

            alice.dial("sip:bob@127.0.0.1:" + port);
            BaresipEvent established = alice.waitForEvent("CALL_ESTABLISHED", SIGNALLING);
            bob.waitForEvent("CALL_ESTABLISHED", SIGNALLING);
            assertThat(established.peerUri()).contains("bob@");
            assertThat(server.server().sip().openMediaSockets()).as("Confero opened no RTP socket").isZero();
            Thread.sleep(2500);
            alice.hangup();
            bob.waitForEvent("CALL_CLOSED", SIGNALLING);
            alice.waitForEvent("CALL_CLOSED", SIGNALLING);

            List<SipWireCapture.Datagram> sip = wire.datagrams();
            sip.forEach(d -> LOG.info("wire {} -> {}: {}", d.sourcePort(), d.destinationPort(), d.firstLine()));
            assertThat(sip).as("only SIP crosses Confero's port").allMatch(d -> d.isSip() || d.isKeepAlive());
            SipWireCapture.Datagram okToAlice = sip.stream()
                    .filter(d -> d.sourcePort() == port && d.destinationPort() == alice.sipPort()
                            && d.text().startsWith("SIP/2.0 200") && d.text().contains(" INVITE\r\n"))
                    .findFirst().orElseThrow(() -> new AssertionError("no 200 OK for the INVITE reached alice"));
            assertThat(okToAlice.text()).containsPattern("(?i)\r\nRecord-Route: <sip:127\\.0\\.0\\.1:" + port + ";lr>");
            SipWireCapture.Datagram inviteFromAlice = sip.stream()
                    .filter(d -> d.sourcePort() == alice.sipPort() && d.text().startsWith("INVITE ")
                            && d.text().contains("Proxy-Authorization"))
                    .findFirst().orElseThrow(() -> new AssertionError("alice never sent an authenticated INVITE"));
            SipWireCapture.Datagram inviteToBob = sip.stream()
                    .filter(d -> d.destinationPort() == bob.sipPort() && d.text().startsWith("INVITE "))
                    .findFirst().orElseThrow(() -> new AssertionError("no INVITE reached bob"));
            assertThat(mediaLines(inviteToBob.text())).as("alice's SDP reaches bob unchanged")
                    .isEqualTo(mediaLines(inviteFromAlice.text())).isNotEmpty();
            assertThat(inviteToBob.text()).doesNotContain("Proxy-Authorization");
            assertThat(sip).as("the BYE went through Confero (Record-Route)").anyMatch(d ->
                    d.destinationPort() == bob.sipPort() && d.text().startsWith("BYE "));
            alice.quit();
            bob.quit();
            assertHears(alice.recordingOfWhatItHeard(), 1100, 700);
            assertHears(bob.recordingOfWhatItHeard(), 700, 1100);
        }
        assertThat(server.server().sip().registrations().size()).as("no binding lost").isEqualTo(2);
    }

    /** The SDP's connection and media lines: the addresses and ports the media goes to. */
    static List<String> mediaLines(String sipMessage) {
        return sipMessage.lines().filter(l -> l.startsWith("c=") || l.startsWith("m=")).toList();
    }

    static void assertHears(java.nio.file.Path recording, int expectedHz, int ownHz) {
        Wav wav = Wav.read(recording);
        double[] steady = ToneAnalysis.steadyPart(wav, Duration.ofMillis(500), Duration.ofMillis(100));
        double expected = ToneAnalysis.levelDbfs(steady, wav.sampleRate(), expectedHz);
        double own = ToneAnalysis.levelDbfs(steady, wav.sampleRate(), ownHz);
        LOG.info("{}: peer's {} Hz at {} dBFS, own {} Hz at {} dBFS", recording.getFileName(), expectedHz,
                String.format("%.1f", expected), ownHz, String.format("%.1f", own));
        assertThat(expected).as("the peer's %d Hz in %s", expectedHz, recording).isGreaterThan(-20);
        assertThat(own).as("the phone's own %d Hz in %s", ownHz, recording).isLessThan(-40);
    }
}
