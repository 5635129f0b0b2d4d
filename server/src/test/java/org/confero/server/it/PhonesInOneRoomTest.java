package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real baresip phones dial a room on the real server and talk through the real mixer. Each phone sends its own
 * pure tone; what each phone heard is analysed from its recording.
 */
class PhonesInOneRoomTest {
    private static final Duration CALL_SETUP = Duration.ofSeconds(10);
    private static final Duration SKIP_START = Duration.ofMillis(1500);
    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start(Map.of("CONFERO_SIP_RTP_TIMEOUT", "3"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void threePhonesHearTheOtherTwoButNotThemselves() throws Exception {
        int[] tones = {400, 700, 1100};
        try (BaresipPhones phones = new BaresipPhones()) {
            for (int tone : tones) {
                phones.add(BaresipPhone.builder("tone" + tone).tone(tone).codecs(PhoneCodec.PCMU));
            }
            talk(phones.all(), Duration.ofSeconds(4));
            for (int i = 0; i < tones.length; i++) {
                double[] heard = heardBy(phones.all().get(i));
                double own = ToneAnalysis.levelDbfs(heard, 8000, tones[i]);
                for (int j = 0; j < tones.length; j++) {
                    if (j == i) {
                        continue;
                    }
                    double other = ToneAnalysis.levelDbfs(heard, 8000, tones[j]);
                    assertThat(other).as("%d Hz phone hears the %d Hz phone", tones[i], tones[j]).isGreaterThan(-20);
                    assertThat(own).as("%d Hz phone's own tone is 30 dB under the %d Hz tone it hears", tones[i],
                            tones[j]).isLessThan(other - 30);
                }
            }
            hangUp(phones.all());
        }
        assertBackToBaseline();
    }

    @Test
    void aPcmuPhoneAndAnOpusPhoneHearEachOther() throws Exception {
        try (BaresipPhones phones = new BaresipPhones()) {
            BaresipPhone pcmu = phones.add(BaresipPhone.builder("pcmu").tone(600).codecs(PhoneCodec.PCMU));
            BaresipPhone opus = phones.add(BaresipPhone.builder("opus").tone(1000).codecs(PhoneCodec.OPUS));
            talk(List.of(pcmu, opus), Duration.ofSeconds(3));
            double[] heardByPcmu = heardBy(pcmu);
            assertThat(ToneAnalysis.levelDbfs(heardByPcmu, 8000, 1000)).as("PCMU phone hears the Opus phone")
                    .isGreaterThan(-20);
            assertThat(ToneAnalysis.levelDbfs(heardByPcmu, 8000, 600)).as("PCMU phone does not hear itself")
                    .isLessThan(-50);
            Wav opusWav = Wav.read(opus.recordingOfWhatItHeard());
            double[] heardByOpus = ToneAnalysis.steadyPart(opusWav, SKIP_START, Duration.ofMillis(300));
            assertThat(ToneAnalysis.levelDbfs(heardByOpus, opusWav.sampleRate(), 600))
                    .as("Opus phone hears the PCMU phone").isGreaterThan(-20);
            assertThat(ToneAnalysis.levelDbfs(heardByOpus, opusWav.sampleRate(), 1000))
                    .as("Opus phone does not hear itself").isLessThan(-50);
            hangUp(phones.all());
        }
        assertBackToBaseline();
    }

    @Test
    void aPhoneThatVanishesIsRemovedAndTheOthersKeepTalking() throws Exception {
        try (BaresipPhones phones = new BaresipPhones()) {
            BaresipPhone stays = phones.add(BaresipPhone.builder("stays").tone(500).codecs(PhoneCodec.PCMU));
            BaresipPhone vanishes = phones.add(BaresipPhone.builder("vanishes").tone(900).codecs(PhoneCodec.G722));
            BaresipPhone other = phones.add(BaresipPhone.builder("other").tone(1300).codecs(PhoneCodec.OPUS));
            talk(List.of(stays, vanishes, other), Duration.ofSeconds(1));
            assertThat(server.server().sip().activeCalls()).isEqualTo(3);
            vanishes.vanish(); // no BYE: only the RTP timeout can notice
            assertThat(Await.until(() -> server.server().sip().activeCalls() == 2, Duration.ofSeconds(10)))
                    .as("the vanished phone's call is ended by the RTP timeout").isTrue();
            assertThat(server.server().media().openLegCount()).isEqualTo(2);
            Thread.sleep(1500);
            Wav sofar = Wav.read(stays.recordingOfWhatItHeard());
            double[] lastSecond = ToneAnalysis.steadyPart(sofar,
                    Duration.ofMillis((long) (sofar.durationSeconds() * 1000) - 1000), Duration.ofMillis(100));
            assertThat(ToneAnalysis.levelDbfs(lastSecond, 8000, 1300)).as("the room still mixes the Opus phone")
                    .isGreaterThan(-20);
            assertThat(ToneAnalysis.levelDbfs(lastSecond, 8000, 900)).as("the vanished phone is gone from the mix")
                    .isLessThan(-50);
            hangUp(List.of(stays, other));
        }
        assertBackToBaseline();
    }

    private void talk(List<BaresipPhone> phones, Duration duration) throws InterruptedException {
        for (BaresipPhone phone : phones) {
            phone.dial(server.roomUri("demo"));
            phone.waitForEvent("CALL_ESTABLISHED", CALL_SETUP);
        }
        assertThat(Await.until(() -> server.server().media().participantCount("demo") == phones.size(),
                Duration.ofSeconds(5))).as("all phones are in the room").isTrue();
        Thread.sleep(SKIP_START.toMillis() + duration.toMillis());
    }

    private static void hangUp(List<BaresipPhone> phones) {
        for (BaresipPhone phone : phones) {
            phone.hangup();
            phone.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
        }
    }

    /** The phone's recording after everyone joined, at 8 kHz (all these phones use narrowband G.711 recordings). */
    private static double[] heardBy(BaresipPhone phone) {
        Wav wav = Wav.read(phone.recordingOfWhatItHeard());
        assertThat(wav.sampleRate()).isEqualTo(8000);
        return ToneAnalysis.steadyPart(wav, SKIP_START, Duration.ofMillis(300));
    }

    private static void assertBackToBaseline() throws InterruptedException {
        assertThat(Await.until(() -> server.server().sip().activeCalls() == 0, Duration.ofSeconds(10)))
                .as("no SIP call left").isTrue();
        assertThat(Await.until(() -> server.server().media().openLegCount() == 0, Duration.ofSeconds(5)))
                .as("no audio leg left").isTrue();
        assertThat(Await.until(() -> server.server().media().activeRoomCount() == 0, Duration.ofSeconds(5)))
                .as("no room mixer left").isTrue();
        assertThat(server.server().sip().openMediaSockets()).as("no RTP socket left").isZero();
        assertThat(Await.until(() -> NativeCodecs.openContexts() == 0, Duration.ofSeconds(2)))
                .as("no FFmpeg codec context left (open: %d)", NativeCodecs.openContexts()).isTrue();
    }
}
