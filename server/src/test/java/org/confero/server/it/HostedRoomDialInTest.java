package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.confero.server.api.ApiClient;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.FfmpegTools;
import org.confero.server.peers.SippRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A room a host created through the API is dialled like a configured one: SIPp calls {@code sip:<slug>@…}, streams
 * µ-law RTP into the room and hangs up; once the host deletes the room, the same call is refused.
 */
class HostedRoomDialInTest {
    @TempDir
    Path work;

    @Test
    void aPhoneDialsAHostedRoomByItsSlugUntilTheRoomIsDeleted() throws Exception {
        Path tone = FfmpegTools.muLawTone(work.resolve("tone.ulaw"), 440, 0.3, Duration.ofSeconds(2));
        try (RunningServer running = RunningServer.start(Map.of("CONFERO_USER_ALICE_PASSWORD", "wonderland",
                "CONFERO_SIP_DIGEST_ALGORITHMS", "MD5,SHA-256"))) {
            running.server().hostAccounts().add("teacher", "quartz-lamp-71");
            ApiClient teacher = ApiClient.loggedIn("http://127.0.0.1:" + running.httpPort(), "teacher",
                    "quartz-lamp-71");
            ApiClient.Reply created = teacher.post("/api/rooms", Map.of("slug", "chemistry-8b", "title", "Chemistry"));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("sipUri").asText()).isEqualTo(running.roomUri("chemistry-8b"));
            Metrics metrics = running.server().metrics();

            SippRunner.Result call = dial(running, tone);
            assertThat(call.exitCode()).as("SIPp output:%n%s", call.outputTail()).isZero();
            assertThat(call.successfulCalls()).isEqualTo(1);
            assertThat(metrics.counterValue("confero_audio_legs_opened_total")).isEqualTo(1);
            assertThat(metrics.counterValue("sip_rtp_packets_received_total")).isGreaterThan(50);
            assertThat(Await.until(() -> running.server().sip().activeCalls() == 0, Duration.ofSeconds(5))).isTrue();

            assertThat(teacher.delete("/api/rooms/chemistry-8b").status()).isEqualTo(204);
            SippRunner.Result refused = dial(running, tone);
            assertThat(refused.successfulCalls()).as("SIPp output:%n%s", refused.outputTail()).isZero();
            assertThat(metrics.counterValue("confero_audio_legs_opened_total")).isEqualTo(1);
            assertThat(running.server().media().openLegCount()).isZero();
        }
    }

    private SippRunner.Result dial(RunningServer running, Path tone) throws Exception {
        return SippRunner.resourceScenario("sipp/register-call-rtp-bye.xml", Map.of("tone_file", tone.toString()))
                .target(running.sipPort())
                .args("-au", "alice", "-ap", "wonderland", "-key", "user", "alice", "-key", "room", "chemistry-8b",
                        "-mi", "127.0.0.1", "-m", "1")
                .timeout(Duration.ofSeconds(20))
                .run();
    }
}
