package org.confero.server.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SippRunnerTest {

    @Test
    void threeCallsToAnAnsweringSippAllSucceed() {
        try (SippRunner.Running uas = SippRunner.builtin("uas").timeout(Duration.ofSeconds(15)).start()) {
            SippRunner.Result result = SippRunner.builtin("uac").target(uas.localPort())
                    .args("-s", "demo", "-m", "3", "-r", "10", "-d", "100")
                    .timeout(Duration.ofSeconds(10)).run();

            assertThat(result.allCallsSucceeded()).as(result.outputTail()).isTrue();
            assertThat(result.successfulCalls()).isEqualTo(3);
            assertThat(result.failedCalls()).isZero();
            assertThat(uas.isRunning()).isTrue();
        }
    }

    @Test
    void callsToNobodyFailWithinTheTimeout() {
        int nobody = FreePorts.udpAndTcp();
        long started = System.nanoTime();
        SippRunner.Result result = SippRunner.builtin("uac").target(nobody).args("-m", "1")
                .timeout(Duration.ofSeconds(2)).run();

        assertThat(result.allCallsSucceeded()).isFalse();
        assertThat(result.exitCode()).isNotZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aBaresipPhoneAnswersOptionsFromAScenarioFile() {
        try (BaresipPhone phone = BaresipPhone.builder("pinged").start()) {
            SippRunner.Result result = SippRunner.resourceScenario("peers/options-ping.xml")
                    .target(phone.sipPort()).args("-s", "pinged", "-m", "2").timeout(Duration.ofSeconds(5)).run();

            assertThat(result.allCallsSucceeded()).as(result.outputTail()).isTrue();
            assertThat(result.successfulCalls()).isEqualTo(2);
        }
    }

    @Test
    void aBaresipPhoneHearsTheToneASippPhoneStreams(@TempDir Path dir) {
        Path tone = FfmpegTools.muLawTone(dir.resolve("tone.ulaw"), 440, 0.5, Duration.ofSeconds(3));
        try (BaresipPhone phone = BaresipPhone.builder("listener").tone(1100).autoAnswer().start()) {
            SippRunner.Result result = SippRunner.resourceScenario("peers/uac-tone.xml",
                            Map.of("tone_file", tone.toString()))
                    .target(phone.sipPort()).args("-s", "listener", "-m", "1", "-d", "1500")
                    .timeout(Duration.ofSeconds(10)).run();
            assertThat(result.allCallsSucceeded()).as(result.outputTail()).isTrue();
            phone.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));

            Wav heard = Wav.read(phone.recordingOfWhatItHeard());
            double[] steady = ToneAnalysis.steadyPart(heard, Duration.ofMillis(200), Duration.ofMillis(100));
            assertThat(ToneAnalysis.levelDbfs(steady, heard.sampleRate(), 440)).isGreaterThan(-10);
            assertThat(ToneAnalysis.levelDbfs(steady, heard.sampleRate(), 1100)).isLessThan(-60);
        }
    }
}
