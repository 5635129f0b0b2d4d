package org.confero.server.peers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Measures what a peer heard. Levels are in dBFS with a full-scale sine at 0 dBFS (AES17), so a sine of amplitude
 * 0.5 measures −6.0 dBFS both as a tone level and as a total level.
 *
 * <p>Tone levels come from a Goertzel filter over a Hann-windowed block: the window keeps a strong tone 400 Hz away
 * from leaking into the measured frequency (a rectangular window would leak at about −60 dB), and dividing by the
 * window's sum makes the result the tone's amplitude whatever the block length.
 */
public final class ToneAnalysis {
    /** What a block of digital silence measures (instead of −∞). */
    public static final double FLOOR_DBFS = -200.0;

    private ToneAnalysis() {
    }

    /** Level of {@code frequency} over all of {@code samples} (values in [−1, 1]). */
    public static double levelDbfs(double[] samples, int sampleRate, double frequency) {
        return levelDbfs(samples, sampleRate, frequency, 0, samples.length);
    }

    /** Level of {@code frequency} over {@code length} samples starting at {@code from}. */
    public static double levelDbfs(double[] samples, int sampleRate, double frequency, int from, int length) {
        if (from < 0 || length < 2 || from + length > samples.length) {
            throw new IllegalArgumentException("block [" + from + ", +" + length + ") outside " + samples.length
                    + " samples");
        }
        if (frequency <= 0 || frequency >= sampleRate / 2.0) {
            throw new IllegalArgumentException(frequency + " Hz cannot be measured at " + sampleRate + " Hz");
        }
        double omega = 2 * Math.PI * frequency / sampleRate;
        double coefficient = 2 * Math.cos(omega);
        double s1 = 0;
        double s2 = 0;
        double windowSum = 0;
        double windowStep = 2 * Math.PI / (length - 1);
        for (int n = 0; n < length; n++) {
            double window = 0.5 - 0.5 * Math.cos(windowStep * n);
            windowSum += window;
            double s0 = samples[from + n] * window + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double magnitudeSquared = Math.max(0, s1 * s1 + s2 * s2 - coefficient * s1 * s2);
        double amplitude = 2 * Math.sqrt(magnitudeSquared) / windowSum;
        return toDb(amplitude);
    }

    /**
     * The weakest level of {@code frequency} over consecutive blocks of {@code block}: a tone that drops out for a
     * moment shows here although the level over the whole recording looks fine.
     */
    public static double weakestLevelDbfs(double[] samples, int sampleRate, double frequency, Duration block) {
        int blockLength = samplesIn(block, sampleRate);
        if (blockLength < 2 || blockLength > samples.length) {
            throw new IllegalArgumentException("block of " + block + " does not fit " + samples.length + " samples");
        }
        double weakest = Double.MAX_VALUE;
        for (int from = 0; from + blockLength <= samples.length; from += blockLength) {
            weakest = Math.min(weakest, levelDbfs(samples, sampleRate, frequency, from, blockLength));
        }
        return weakest;
    }

    /** Total level of everything in {@code samples} (RMS, scaled so a full-scale sine is 0 dBFS). */
    public static double totalLevelDbfs(double[] samples) {
        if (samples.length == 0) {
            return FLOOR_DBFS;
        }
        double sumOfSquares = 0;
        for (double sample : samples) {
            sumOfSquares += sample * sample;
        }
        return toDb(Math.sqrt(2 * sumOfSquares / samples.length));
    }

    /**
     * The channels of {@code wav} averaged, without the first {@code skipStart} (call set-up, jitter buffer
     * filling) and the last {@code skipEnd} (hang-up): the part where a call's audio is steady.
     */
    public static double[] steadyPart(Wav wav, Duration skipStart, Duration skipEnd) {
        double[] all = wav.mono();
        int from = samplesIn(skipStart, wav.sampleRate());
        int to = all.length - samplesIn(skipEnd, wav.sampleRate());
        if (to - from < wav.sampleRate() / 10) {
            throw new IllegalArgumentException(String.format(
                    "recording too short: %.2f s, less than 100 ms left after skipping %s and %s",
                    wav.durationSeconds(), skipStart, skipEnd));
        }
        return Arrays.copyOfRange(all, from, to);
    }

    /** Level of {@code frequency} in a recording, skipping its first {@code skipStart} and last 100 ms. */
    public static double steadyLevelDbfs(Path wavFile, double frequency, Duration skipStart) {
        Wav wav = Wav.read(wavFile);
        return levelDbfs(steadyPart(wav, skipStart, Duration.ofMillis(100)), wav.sampleRate(), frequency);
    }

    /** A sine of {@code amplitude} (1 = full scale) and {@code frequency}, {@code seconds} long. */
    public static double[] sine(int sampleRate, double frequency, double amplitude, double seconds) {
        double[] out = new double[(int) Math.round(seconds * sampleRate)];
        for (int n = 0; n < out.length; n++) {
            out[n] = amplitude * Math.sin(2 * Math.PI * frequency * n / sampleRate);
        }
        return out;
    }

    private static int samplesIn(Duration duration, int sampleRate) {
        return (int) (duration.toNanos() * sampleRate / 1_000_000_000L);
    }

    private static double toDb(double amplitude) {
        return amplitude > 0 ? Math.max(FLOOR_DBFS, 20 * Math.log10(amplitude)) : FLOOR_DBFS;
    }
}
