package org.confero.server.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves the harness against real peers with no Confero server: two baresip phones call each other directly on
 * 127.0.0.1. A direct call has no mixer and no echo, so each phone hears the other's tone and not its own.
 */
@Timeout(30)
class BaresipDirectCallTest {
    private static final Logger LOG = LoggerFactory.getLogger(BaresipDirectCallTest.class);
    private static final Duration SIGNALLING = Duration.ofSeconds(5);
    private static final Duration TALK = Duration.ofMillis(2000);
    private static final Duration SET_UP_SKIP = Duration.ofMillis(300);

    @ParameterizedTest
    @EnumSource(PhoneCodec.class)
    void twoDirectlyConnectedPhonesHearEachOthersToneButNotTheirOwn(PhoneCodec codec) throws Exception {
        Path heardByA;
        Path heardByB;
        long pidA;
        long pidB;
        try (BaresipPhone b = BaresipPhone.builder("b").tone(1100).codecs(codec).autoAnswer().start();
             BaresipPhone a = BaresipPhone.builder("a").tone(700).codecs(codec).start()) {
            pidA = a.pid();
            pidB = b.pid();
            long dialled = System.nanoTime();
            a.dial(b.directUri());
            BaresipEvent established = a.waitForEvent("CALL_ESTABLISHED", SIGNALLING);
            b.waitForEvent("CALL_ESTABLISHED", SIGNALLING);
            assertThat(a.log()).contains("Set audio encoder: " + codec.accountName().split("/")[0]);
            LOG.info("{} call set up in {} ms", codec, (established.receivedNanos() - dialled) / 1_000_000);
            Thread.sleep(TALK.toMillis());

            a.hangup();
            assertThat(a.waitForEvent("CALL_CLOSED", SIGNALLING).param()).isNotBlank();
            assertThat(b.waitForEvent("CALL_CLOSED", SIGNALLING).peerUri()).contains("a@127.0.0.1");
            heardByA = a.recordingOfWhatItHeard();
            heardByB = b.recordingOfWhatItHeard();
            assertThat(a.quit()).as("a quits with exit code 0").isTrue();
            assertThat(b.quit()).as("b quits with exit code 0").isTrue();
        }

        assertHears(heardByA, 1100, 700);
        assertHears(heardByB, 700, 1100);
        assertThat(ProcessHandle.of(pidA).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(ProcessHandle.of(pidB).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(baresipProcessesOfOurs()).isEmpty();
    }

    @Test
    void aPhoneSendsAWavFileAtItsOwnRate(@TempDir Path dir) throws Exception {
        Path speech = FfmpegTools.wavTone(dir.resolve("tone-500.wav"), 500, 0.5, 16000, 1, Duration.ofSeconds(3));
        long starting = System.nanoTime();
        try (BaresipPhone b = BaresipPhone.builder("b").tone(1100).autoAnswer().start();
             BaresipPhone a = BaresipPhone.builder("a").wavSource(speech).start()) {
            LOG.info("two phones started in {} ms", (System.nanoTime() - starting) / 1_000_000);
            a.dial(b.directUri());
            b.waitForEvent("CALL_ESTABLISHED", SIGNALLING);
            Thread.sleep(1000);
            a.hangup();
            b.waitForEvent("CALL_CLOSED", SIGNALLING);
            assertHears(b.recordingOfWhatItHeard(), 500, 1100);
        }
    }

    @Test
    void aSecondCallIsAwaitedWithoutConfusingItWithTheFirst() throws Exception {
        try (BaresipPhone b = BaresipPhone.builder("b").tone(1100).autoAnswer().start();
             BaresipPhone a = BaresipPhone.builder("a").tone(700).start()) {
            a.dial(b.directUri());
            a.waitForEvent("CALL_ESTABLISHED", SIGNALLING);
            a.hangup();
            b.waitForEvent("CALL_CLOSED", SIGNALLING);
            b.markEventsSeen();

            a.dial(b.directUri());
            BaresipEvent second = b.waitForEvent("CALL_ESTABLISHED", SIGNALLING);
            assertThat(b.events()).filteredOn(e -> e.type().equals("CALL_ESTABLISHED")).hasSize(2);
            assertThat(b.events()).filteredOn(e -> e.type().equals("CALL_ESTABLISHED")).last().isEqualTo(second);
            a.hangup();
            assertThat(b.waitForEvent("CALL_CLOSED", SIGNALLING).callId()).isEqualTo(second.callId());
        }
    }

    @Test
    void aMutedPhoneIsHeardAsSilence() throws Exception {
        try (BaresipPhone b = BaresipPhone.builder("b").tone(1100).autoAnswer().start();
             BaresipPhone a = BaresipPhone.builder("a").tone(700).start()) {
            a.dial(b.directUri());
            a.waitForEvent("CALL_ESTABLISHED", SIGNALLING);
            a.setMuted(true);
            Thread.sleep(1000);
            a.hangup();
            b.waitForEvent("CALL_CLOSED", SIGNALLING);
            a.quit();
            b.quit();

            Wav heardByB = Wav.read(b.recordingOfWhatItHeard());
            double[] steady = ToneAnalysis.steadyPart(heardByB, SET_UP_SKIP, Duration.ofMillis(100));
            assertThat(ToneAnalysis.levelDbfs(steady, heardByB.sampleRate(), 700)).isLessThan(-60);
            assertThat(ToneAnalysis.levelDbfs(steady, heardByB.sampleRate(), 1100)).isLessThan(-60);
        }
    }

    @Test
    void closingAPhoneInTheMiddleOfACallEndsTheCallForThePeer() throws Exception {
        try (BaresipPhone b = BaresipPhone.builder("b").tone(1100).autoAnswer().start()) {
            BaresipPhone a = BaresipPhone.builder("a").tone(700).start();
            long pidA = a.pid();
            try (a) {
                a.dial(b.directUri());
                b.waitForEvent("CALL_ESTABLISHED", SIGNALLING);
            }
            assertThat(ProcessHandle.of(pidA).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            assertThat(b.waitForEvent("CALL_CLOSED", SIGNALLING)).isNotNull();
        }
    }

    @Test
    void aVanishedPhoneSendsNoByeAndLeavesNoProcess() throws Exception {
        try (BaresipPhone b = BaresipPhone.builder("b").tone(1100).autoAnswer().start();
             BaresipPhone a = BaresipPhone.builder("a").tone(700).start()) {
            a.dial(b.directUri());
            b.waitForEvent("CALL_ESTABLISHED", SIGNALLING);

            a.vanish();
            assertThat(a.isRunning()).isFalse();
            assertThat(ProcessHandle.of(a.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            Thread.sleep(1000);
            assertThat(b.events()).extracting(BaresipEvent::type).doesNotContain("CALL_CLOSED");
        }
    }

    private static void assertHears(Path recording, int expectedHz, int ownHz) {
        Wav wav = Wav.read(recording);
        double[] steady = ToneAnalysis.steadyPart(wav, SET_UP_SKIP, Duration.ofMillis(100));
        double expected = ToneAnalysis.levelDbfs(steady, wav.sampleRate(), expectedHz);
        double own = ToneAnalysis.levelDbfs(steady, wav.sampleRate(), ownHz);
        double weakest = ToneAnalysis.weakestLevelDbfs(steady, wav.sampleRate(), expectedHz, Duration.ofMillis(100));
        LOG.info("{} ({} Hz, {} ch, {} s): {} Hz at {} dBFS (weakest 100 ms {}), own {} Hz at {} dBFS", recording,
                wav.sampleRate(), wav.channels(), String.format("%.2f", wav.durationSeconds()), expectedHz,
                String.format("%.1f", expected), String.format("%.1f", weakest), ownHz, String.format("%.1f", own));
        assertThat(expected).as("level of the peer's %d Hz in %s", expectedHz, recording).isGreaterThan(-30);
        assertThat(own).as("level of the phone's own %d Hz in %s", ownHz, recording).isLessThan(-40);
        assertThat(weakest).as("the peer's tone never drops out in %s", recording).isGreaterThan(-30);
    }

    /** baresip processes still running with a config directory of this harness. */
    static List<ProcessHandle> baresipProcessesOfOurs() {
        String root = Path.of("target", "peers").toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("baresip")).orElse(false))
                .filter(p -> String.join(" ", p.info().arguments().orElse(new String[0])).contains(root))
                .toList();
    }
}
