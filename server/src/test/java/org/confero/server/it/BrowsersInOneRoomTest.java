package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Browsers open a room's link in headless Chromium (fake camera and microphone), join through Confero's own web
 * client and talk through the real server: ICE on its one UDP port, DTLS-SRTP, the audio mixer.
 */
class BrowsersInOneRoomTest {
    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start(Map.of());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    @Test
    void twoBrowsersJoinOverDtlsSrtpAndHearEachOther() throws Exception {
        Metrics metrics = server.server().metrics();
        try (PacketCapture capture = PacketCapture.start(server.server().webrtc().localPort(), Duration.ofSeconds(40));
             ChromiumPage ada = ChromiumPage.start();
             ChromiumPage bob = ChromiumPage.start()) {
            ada.join(base(), "demo", "Ada");
            bob.join(base(), "demo", "Bob");
            ada.awaitConnected(Duration.ofSeconds(15));
            bob.awaitConnected(Duration.ofSeconds(15));
            for (ChromiumPage page : new ChromiumPage[] {ada, bob}) {
                Map<String, Object> transport = page.transport();
                assertThat(transport.get("dtlsState")).isEqualTo("connected");
                assertThat((String) transport.get("srtpCipher")).as("SRTP protection profile").isNotBlank();
            }
            assertThat(Await.until(() -> server.server().media().participantCount("demo") == 2,
                    Duration.ofSeconds(5))).isTrue();
            double adaBefore = ada.inboundAudioEnergy();
            double bobBefore = bob.inboundAudioEnergy();
            Thread.sleep(4000);
            System.out.printf("browser audio energy over 4 s: Ada %.4f, Bob %.4f%n", ada.inboundAudioEnergy() - adaBefore,
                    bob.inboundAudioEnergy() - bobBefore);
            assertThat(ada.inboundAudioEnergy() - adaBefore).as("Ada hears Bob's microphone").isGreaterThan(0.001);
            assertThat(bob.inboundAudioEnergy() - bobBefore).as("Bob hears Ada's microphone").isGreaterThan(0.001);

            // Every packet the mixer handed the browsers' sessions left SRTP-protected, none were sent in clear.
            assertThat(metrics.counterValue("confero_webrtc_packets_sent_total")).isGreaterThan(100);
            capture.stop();
            PacketCapture.Summary summary = capture.summary();
            System.out.println("media port capture: " + summary);
            assertThat(summary.dtlsHandshakes()).as("DTLS handshakes on the media port").isGreaterThanOrEqualTo(2);
            assertThat(summary.srtpPackets()).as("SRTP/SRTCP packets on the media port").isGreaterThan(200);
            assertThat(summary.plainRtpPackets()).as("plain RTP on the media port").isZero();

            // Closing a tab: the server notices and frees the browser within 10 s.
            long closing = System.nanoTime();
            bob.close();
            assertThat(Await.until(() -> server.server().media().participantCount("demo") == 1,
                    Duration.ofSeconds(10))).as("Bob removed within 10 s").isTrue();
            assertThat(Await.until(() -> server.server().webrtc().sessionCount() == 1, Duration.ofSeconds(10)))
                    .as("Bob's WebRTC session closed within 10 s").isTrue();
            System.out.printf("closed tab removed after %d ms%n", (System.nanoTime() - closing) / 1_000_000);
        }
        assertBackToBaseline();
    }

    @Test
    void aBrowserAndAPhoneHearEachOther() throws Exception {
        try (ChromiumPage page = ChromiumPage.start();
             BaresipPhone phone = BaresipPhone.builder("desk").tone(700).codecs(PhoneCodec.PCMU).start()) {
            page.join(base(), "demo", "Ada");
            page.awaitConnected(Duration.ofSeconds(15));
            phone.dial(server.roomUri("demo"));
            phone.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            assertThat(Await.until(() -> server.server().media().participantCount("demo") == 2,
                    Duration.ofSeconds(5))).isTrue();

            Thread.sleep(1000);
            double before = page.inboundAudioEnergy();
            Thread.sleep(3000);
            double whileTone = page.inboundAudioEnergy() - before;
            phone.setMuted(true);
            // The browser plays what its jitter buffer holds: on a busy machine that is still the tone for a while
            // after the mute. Measure the silence once the browser plays it, not at a guessed moment.
            assertThat(Await.until(() -> page.inboundAudioLevel() < 0.001, Duration.ofSeconds(10)))
                    .as("the browser's playout reaches the silence after the phone muted").isTrue();
            before = page.inboundAudioEnergy();
            Thread.sleep(3000);
            double whileSilent = page.inboundAudioEnergy() - before;
            System.out.printf("browser audio energy over 3 s: phone sending %.4f, phone silent %.6f%n", whileTone,
                    whileSilent);
            assertThat(whileTone).as("browser hears the phone's tone").isGreaterThan(0.1);
            assertThat(whileSilent).as("browser hears nothing while the phone is silent").isLessThan(whileTone / 100);

            phone.hangup();
            phone.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
            Wav heard = Wav.read(phone.recordingOfWhatItHeard());
            double[] steady = ToneAnalysis.steadyPart(heard, Duration.ofSeconds(1), Duration.ofMillis(300));
            assertThat(ToneAnalysis.totalLevelDbfs(steady)).as("the phone hears the browser's microphone")
                    .isGreaterThan(-45);
            assertThat(ToneAnalysis.levelDbfs(steady, heard.sampleRate(), 700)).as("the phone does not hear itself")
                    .isLessThan(-50);
        }
        assertBackToBaseline();
    }

    private static void assertBackToBaseline() throws InterruptedException {
        assertThat(Await.until(() -> server.server().media().openLegCount() == 0, Duration.ofSeconds(15)))
                .as("no audio leg left").isTrue();
        assertThat(Await.until(() -> server.server().webrtc().sessionCount() == 0, Duration.ofSeconds(5)))
                .as("no WebRTC session left").isTrue();
        assertThat(Await.until(() -> server.server().sip().activeCalls() == 0, Duration.ofSeconds(5)))
                .as("no SIP call left").isTrue();
        assertThat(Await.until(() -> NativeCodecs.openContexts() == 0, Duration.ofSeconds(2)))
                .as("no FFmpeg context left").isTrue();
        assertThat(Await.until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("webrtc-dtls-")), Duration.ofSeconds(5)))
                .as("no per-browser DTLS thread left").isTrue();
        assertThat(server.server().metrics().render()).contains("confero_browser_calls 0");
    }
}
