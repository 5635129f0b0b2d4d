package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.confero.server.peers.FreePorts;
import org.confero.server.peers.SippRunner;
import org.junit.jupiter.api.Test;

/** A room system that sends INVITE without SDP, driven by SIPp: our offer in the 200, its answer in the ACK. */
class SippDelayedOfferTest {
    @Test
    void roomSystemWithDelayedOfferJoinsWithVideoAndAsksForAKeyframe() throws Exception {
        try (SipTestServer sip = new SipTestServer()) {
            int videoPort = FreePorts.udpAndTcp();
            SippRunner.Result result = SippRunner
                    .resourceScenario("sipp/delayed-offer-video.xml", Map.of("video_port", Integer.toString(videoPort)))
                    .target(sip.port)
                    .args("-key", "room", "demo", "-mi", "127.0.0.1", "-m", "1")
                    .timeout(Duration.ofSeconds(20))
                    .run();
            assertThat(result.exitCode()).as("SIPp exit code; output:%n%s", result.outputTail()).isZero();
            assertThat(result.successfulCalls()).isEqualTo(1);
            assertThat(sip.counter("sip_calls_started_total")).isEqualTo(1);
            assertThat(sip.counter("confero_audio_legs_opened_total")).as("joined at the ACK").isEqualTo(1);
            assertThat(sip.counter("confero_sip_fast_update_received_total")).isEqualTo(1);
            Await.until("call gone", () -> sip.server.activeCalls() == 0);
            assertThat(sip.server.openMediaSockets()).isZero();
            assertThat(sip.media.openLegCount()).isZero();
        }
    }
}
