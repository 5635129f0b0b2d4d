package org.confero.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.confero.mixer.codec.AudioCodec;
import org.confero.server.it.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stall of a loaded machine without loading it: the load tool's sender pauses 400 ms every 740 ms while
 * measuring, so every PCMU talker's stream stops mid-tone again and again and resumes with a timestamp jump.
 * However often that happens, no talker may hear its own tone.
 */
class StalledSenderTest {
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void phonesWhoseSenderStallsMidToneNeverHearThemselves() throws Exception {
        Map<String, String> env = Map.of("CONFERO_GUARD_EXEMPT_SOURCES", "127.0.0.1",
                "CONFERO_ROOM_LOAD_1_NAME", "Load 1");
        try (RunningServer server = RunningServer.start(env)) {
            LoadOptions options = new LoadOptions(10, 0, 1, AudioCodec.PCMU, 3, 20, Duration.ofSeconds(10),
                    Optional.empty(), "127.0.0.1", server.sipPort(), server.httpPort(), "load", 10);
            LoadReport report = new LoadRun(options, System.out).stallingSender(37, Duration.ofMillis(400)).run();
            report.print(System.out);

            assertThat(report.failed()).as("participants that did not join").isEmpty();
            assertThat(report.senderSkippedInWindow()).as("frames the stalls skipped while measuring")
                    .isGreaterThan(200);
            assertThat(report.peers().stream().filter(PeerResult::talker).count()).isEqualTo(3);
            assertThat(report.hearingThemselves()).as("talkers hearing their own tone").isEmpty();
        }
    }
}
