package org.confero.server.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FfmpegToolsTest {

    @Test
    void aMuLawToneDecodesBackToTheSameToneAndLevel(@TempDir Path dir) throws Exception {
        Path ulaw = FfmpegTools.muLawTone(dir.resolve("tone.ulaw"), 440, 0.5, Duration.ofSeconds(1));
        assertThat(Files.size(ulaw)).isEqualTo(8000); // one byte per sample, no header

        Wav decoded = Wav.read(FfmpegTools.decodeToWav(ulaw, "mulaw", dir.resolve("tone.wav"), 8000));
        assertThat(decoded.sampleRate()).isEqualTo(8000);
        assertThat(ToneAnalysis.levelDbfs(decoded.mono(), 8000, 440)).isCloseTo(-6.02, within(0.5));
        assertThat(ToneAnalysis.levelDbfs(decoded.mono(), 8000, 1000)).isLessThan(-40);
    }

    @Test
    void aStereoWavToneHasTheRequestedFormatAndLevel(@TempDir Path dir) {
        Wav wav = Wav.read(FfmpegTools.wavTone(dir.resolve("tone.wav"), 1100, 0.25, 48000, 2,
                Duration.ofMillis(500)));
        assertThat(wav.sampleRate()).isEqualTo(48000);
        assertThat(wav.channels()).isEqualTo(2);
        assertThat(wav.durationSeconds()).isCloseTo(0.5, within(0.01));
        assertThat(ToneAnalysis.levelDbfs(wav.channel(1), 48000, 1100)).isCloseTo(-12.04, within(0.5));
    }
}
