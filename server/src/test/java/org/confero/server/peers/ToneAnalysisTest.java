package org.confero.server.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToneAnalysisTest {

    @ParameterizedTest
    @CsvSource({
        "8000, 400, 0.5", "8000, 700, 1.0", "8000, 1100, 0.1", "8000, 3333.3, 0.25",
        "16000, 1000, 0.5", "48000, 1100, 0.01", "48000, 440.7, 0.7"})
    void aSineMeasuresItsAmplitudeWithinOneDecibel(int rate, double frequency, double amplitude) {
        double[] sine = ToneAnalysis.sine(rate, frequency, amplitude, 0.73);
        double expected = 20 * Math.log10(amplitude);
        assertThat(ToneAnalysis.levelDbfs(sine, rate, frequency)).isCloseTo(expected, within(1.0));
        assertThat(ToneAnalysis.totalLevelDbfs(sine)).isCloseTo(expected, within(0.1));
    }

    @Test
    void anAbsentToneMeasuresBelowMinusSixtyEvenBesideLoudTones() {
        int rate = 8000;
        double[] mix = add(ToneAnalysis.sine(rate, 700, 0.5, 1.0), ToneAnalysis.sine(rate, 1100, 0.5, 1.0));
        assertThat(ToneAnalysis.levelDbfs(mix, rate, 700)).isCloseTo(-6.02, within(1.0));
        assertThat(ToneAnalysis.levelDbfs(mix, rate, 1100)).isCloseTo(-6.02, within(1.0));
        assertThat(ToneAnalysis.levelDbfs(mix, rate, 400)).isLessThan(-60);
        // a short block (100 ms, 10 Hz resolution) still separates tones 300 Hz apart
        assertThat(ToneAnalysis.levelDbfs(mix, rate, 400, 0, 800)).isLessThan(-60);
    }

    @Test
    void noiseAndSilenceHaveNoTone() {
        Random random = new Random(7);
        double[] noise = new double[8000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 0.01 * random.nextGaussian();
        }
        assertThat(ToneAnalysis.levelDbfs(noise, 8000, 1000)).isLessThan(-60);
        assertThat(ToneAnalysis.levelDbfs(new double[8000], 8000, 1000)).isEqualTo(ToneAnalysis.FLOOR_DBFS);
        assertThat(ToneAnalysis.totalLevelDbfs(new double[10])).isEqualTo(ToneAnalysis.FLOOR_DBFS);
    }

    @Test
    void aDropoutShowsInTheWeakestBlock() {
        int rate = 8000;
        double[] tone = ToneAnalysis.sine(rate, 1000, 0.5, 2.0);
        assertThat(ToneAnalysis.weakestLevelDbfs(tone, rate, 1000, Duration.ofMillis(200)))
                .isCloseTo(-6.02, within(1.0));
        java.util.Arrays.fill(tone, 8000, 10000, 0.0);
        assertThat(ToneAnalysis.weakestLevelDbfs(tone, rate, 1000, Duration.ofMillis(200))).isLessThan(-60);
    }

    @Test
    void steadyPartSkipsSetUpAndHangUp(@TempDir Path dir) {
        int rate = 8000;
        double[] recording = new double[3 * rate];
        System.arraycopy(ToneAnalysis.sine(rate, 1100, 0.5, 2.5), 0, recording, rate / 2, 5 * rate / 2);
        Path file = dir.resolve("heard.wav");
        Wav.mono(rate, recording).write(file);

        double[] steady = ToneAnalysis.steadyPart(Wav.read(file), Duration.ofMillis(500), Duration.ofMillis(500));
        assertThat(steady).hasSize(2 * rate);
        assertThat(ToneAnalysis.weakestLevelDbfs(steady, rate, 1100, Duration.ofMillis(100)))
                .isCloseTo(-6.02, within(1.0));
        double steadyLevel = ToneAnalysis.steadyLevelDbfs(file, 1100, Duration.ofMillis(500));
        assertThat(steadyLevel).isCloseTo(-6.02, within(0.1));
        assertThat(ToneAnalysis.steadyLevelDbfs(file, 1100, Duration.ZERO)).isLessThan(steadyLevel - 0.2);
        assertThatThrownBy(() -> ToneAnalysis.steadyPart(Wav.read(file), Duration.ofSeconds(2),
                Duration.ofSeconds(1))).hasMessageContaining("too short");
    }

    @Test
    void levelsOfImpossibleFrequenciesAreRefused() {
        double[] tone = ToneAnalysis.sine(8000, 1000, 0.5, 0.1);
        assertThatThrownBy(() -> ToneAnalysis.levelDbfs(tone, 8000, 4000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ToneAnalysis.levelDbfs(tone, 8000, 1000, 700, 200))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] add(double[] a, double[] b) {
        double[] sum = new double[Math.min(a.length, b.length)];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }
}
