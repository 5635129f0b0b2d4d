package org.confero.mixer.audio;

/**
 * Audio level arithmetic in dBov, the unit of RFC 6464 §3: 0 dBov is the loudest a 16-bit signal can be
 * (a full-scale square wave), silence is reported as -127.
 */
public final class AudioLevels {
    /** RFC 6464 §3: the level field spans 0 to -127 dBov. */
    public static final int SILENCE_DBOV = -127;
    private static final double FULL_SCALE_POWER = 32768.0 * 32768.0;
    private static final double SILENCE_POWER = FULL_SCALE_POWER * Math.pow(10, SILENCE_DBOV / 10.0);

    private AudioLevels() {
    }

    /** Mean square of a frame, the quantity the mixer smooths over time. */
    public static double power(short[] frame, int offset, int length) {
        long sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += frame[i] * frame[i];
        }
        return (double) sum / length;
    }

    /** RMS level in dBov, clamped to [-127, 0]. */
    public static double dbov(double power) {
        if (power <= SILENCE_POWER) {
            return SILENCE_DBOV;
        }
        return Math.min(0, 10 * Math.log10(power / FULL_SCALE_POWER));
    }

    /** The 7-bit value carried in the RFC 6464 header extension: the level's magnitude, 0 loud to 127 silent. */
    public static int rfc6464Level(double dbov) {
        return (int) Math.min(127, Math.max(0, Math.round(-dbov)));
    }
}
