package org.confero.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.confero.mixer.codec.AudioCodec;
import org.confero.server.it.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load tool against the real server in this process: 40 SIP phones (PCMU) and 4 WebRTC participants (Opus,
 * ICE, DTLS-SRTP) in 4 rooms of 11, 3 talkers per room, the first of which is the room's WebRTC participant.
 * Asserts what users notice: everyone joins and receives at least 99 % of the packets of the measured window,
 * every decoded listener hears the other talkers' tone onsets, and no talker hears its own tone.
 */
class LoadToolTest {
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void fortyPhonesAndFourBrowsersInFourRoomsHearTheTalkersAndNotThemselves() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CONFERO_GUARD_EXEMPT_SOURCES", "127.0.0.1");
        for (int i = 1; i <= 4; i++) {
            env.put("CONFERO_ROOM_LOAD_" + i + "_NAME", "Load " + i);
        }
        try (RunningServer server = RunningServer.start(env)) {
            LoadOptions options = new LoadOptions(40, 4, 4, AudioCodec.PCMU, 3, 20, Duration.ofSeconds(15),
                    Optional.empty(), "127.0.0.1", server.sipPort(), server.httpPort(), "load", 11);
            LoadReport report = new LoadRun(options, System.out).run();
            report.print(System.out);
            report.writeCsv(java.nio.file.Path.of("target", "load-tool-test.csv"));

            assertThat(report.failed()).as("participants that did not join").isEmpty();
            assertThat(report.windowSeconds()).isGreaterThan(14);
            for (PeerResult p : report.peers()) {
                assertThat(p.windowShare()).as("share of expected packets received by %s", p.id())
                        .isGreaterThanOrEqualTo(0.99);
                assertThat(p.maxGapMillis()).as("longest time %s received nothing", p.id()).isLessThan(1_000);
                assertThat(p.probed()).as("%s is decoded", p.id()).isTrue();
                assertThat(p.hearing()).as("share of the other talkers' onsets %s heard", p.id())
                        .isGreaterThanOrEqualTo(0.9);
            }
            assertThat(report.hearingThemselves()).as("talkers hearing their own tone").isEmpty();
            assertThat(report.peers().stream().filter(PeerResult::talker).count()).isEqualTo(12);
            assertThat(report.latency().count()).as("latency samples").isGreaterThan(100);
        }
    }
}
