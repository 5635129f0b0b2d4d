package org.confero.mixer.audio;

import org.confero.mixer.codec.AudioCodec;

/**
 * The arithmetic of one tick's mix: talkers' frames summed in 32-bit integers (no overflow for 16 talkers),
 * then clamped to 16 bits for the full mix and for each talker's mix-minus-self.
 */
final class MixBus {
    private static final int FRAME = AudioCodec.MIX_FRAME_SAMPLES;
    private final int[] sum = new int[FRAME];
    private final short[] fullMix = new short[FRAME];

    void clear() {
        java.util.Arrays.fill(sum, 0);
    }

    void add(short[] frame) {
        for (int i = 0; i < FRAME; i++) {
            sum[i] += frame[i];
        }
    }

    /** The sum of all talkers, saturated; valid until the next {@link #clear()}. */
    short[] fullMix() {
        for (int i = 0; i < FRAME; i++) {
            fullMix[i] = saturate(sum[i]);
        }
        return fullMix;
    }

    /** Everything but {@code own}, saturated, into {@code out}: what a talker hears. */
    void mixMinus(short[] own, short[] out) {
        for (int i = 0; i < FRAME; i++) {
            out[i] = saturate(sum[i] - own[i]);
        }
    }

    static short saturate(int sample) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
    }
}
