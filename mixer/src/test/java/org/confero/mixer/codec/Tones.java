package org.confero.mixer.codec;

/** Test signals and their measurement: sine frames in, Goertzel tone power and SNR out. */
public final class Tones {
    private Tones() {
    }

    /** Frame {@code index} (20 ms at 48 kHz) of a continuous sine. */
    public static short[] sineFrame(double hz, double amplitude, int index) {
        short[] frame = new short[AudioCodec.MIX_FRAME_SAMPLES];
        fillSine(frame, hz, amplitude, index);
        return frame;
    }

    public static void fillSine(short[] frame, double hz, double amplitude, int index) {
        long first = (long) index * frame.length;
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (first + i) / AudioCodec.MIX_RATE));
        }
    }

    /** Power (mean square) of the component at {@code hz}, Goertzel over {@code length} samples. */
    public static double tonePower(short[] pcm, int offset, int length, double hz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / AudioCodec.MIX_RATE);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < length; i++) {
            double s0 = pcm[offset + i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double magnitudeSquared = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return 2 * magnitudeSquared / ((double) length * length);
    }

    public static double power(short[] pcm, int offset, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (double) pcm[offset + i] * pcm[offset + i];
        }
        return sum / length;
    }

    /** Tone power over everything else, in dB. */
    public static double snrDb(short[] pcm, int offset, int length, double hz) {
        double tone = tonePower(pcm, offset, length, hz);
        double rest = Math.max(power(pcm, offset, length) - tone, 1e-9);
        return 10 * Math.log10(tone / rest);
    }

    public static double db(double powerRatio) {
        return 10 * Math.log10(Math.max(powerRatio, 1e-12));
    }
}
