package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.FfmpegTools;
import org.confero.server.peers.SippRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIPp registers with digest authentication, calls the demo room, streams µ-law RTP into the mixer and hangs up. */
class SippCallsTheRoomTest {
    @TempDir
    Path work;

    @Test
    void sippRegistersCallsTheRoomStreamsRtpAndHangsUp() throws Exception {
        Path tone = FfmpegTools.muLawTone(work.resolve("tone.ulaw"), 440, 0.3, Duration.ofSeconds(2));
        // SIPp 3.6 answers only the first challenge and knows only MD5: offer MD5 first for this client.
        try (RunningServer running = RunningServer.start(Map.of("CONFERO_USER_ALICE_PASSWORD", "wonderland",
                "CONFERO_SIP_DIGEST_ALGORITHMS", "MD5,SHA-256"))) {
            Metrics metrics = running.server().metrics();
            SippRunner.Result result = SippRunner
                    .resourceScenario("sipp/register-call-rtp-bye.xml", Map.of("tone_file", tone.toString()))
                    .target(running.sipPort())
                    .args("-au", "alice", "-ap", "wonderland", "-key", "user", "alice", "-key", "room", "demo",
                            "-mi", "127.0.0.1", "-m", "1")
                    .timeout(Duration.ofSeconds(20))
                    .run();
            assertThat(result.exitCode()).as("SIPp exit code; output:%n%s", result.outputTail()).isZero();
            assertThat(result.successfulCalls()).isEqualTo(1);
            assertThat(Await.until(() -> running.server().sip().activeCalls() == 0, Duration.ofSeconds(5)))
                    .as("the call ended").isTrue();
            assertThat(metrics.counterValue("sip_registrations_total")).isEqualTo(1);
            assertThat(metrics.counterValue("confero_audio_legs_opened_total")).isEqualTo(1);
            assertThat(metrics.counterValue("sip_rtp_packets_received_total")).as("RTP that reached the room")
                    .isGreaterThan(50);
            assertThat(running.server().media().openLegCount()).isZero();
            assertThat(running.server().sip().openMediaSockets()).isZero();
            assertThat(Await.until(() -> NativeCodecs.openContexts() == 0, Duration.ofSeconds(2))).isTrue();
        }
        assertThat(Files.exists(work.resolve("tone.ulaw"))).isTrue();
    }
}
