package org.confero.mixer.codec;

/**
 * Repeat-and-fade packet-loss concealment on 48 kHz mono PCM: replays the last 20 ms decoded with a gain that
 * halves per lost frame, ramping smoothly inside each frame, so a single loss is barely audible and a long
 * outage fades to silence instead of buzzing (the approach of ITU-T G.711 Appendix I, simplified).
 */
final class LossConcealer {
    private static final int HISTORY = AudioCodec.MIX_FRAME_SAMPLES;
    /** After this many consecutive lost frames the output is silence. */
    static final int FRAMES_TO_SILENCE = 5;

    private final short[] last = new short[HISTORY];
    private int lastLength;
    private int readPosition;
    private int consecutiveLosses;

    void remember(short[] pcm, int offset, int length) {
        int take = Math.min(length, HISTORY);
        System.arraycopy(pcm, offset + length - take, last, 0, take);
        lastLength = take;
        readPosition = 0;
        consecutiveLosses = 0;
    }

    void conceal(short[] out, int offset, int samples) {
        if (lastLength == 0 || consecutiveLosses >= FRAMES_TO_SILENCE) {
            java.util.Arrays.fill(out, offset, offset + samples, (short) 0);
            consecutiveLosses++;
            return;
        }
        float startGain = 1f / (1 << consecutiveLosses);
        float endGain = consecutiveLosses + 1 >= FRAMES_TO_SILENCE ? 0f : startGain / 2;
        float step = samples > 0 ? (endGain - startGain) / samples : 0;
        float gain = startGain;
        for (int i = 0; i < samples; i++) {
            out[offset + i] = (short) (last[readPosition] * gain);
            gain += step;
            readPosition = readPosition + 1 == lastLength ? 0 : readPosition + 1;
        }
        consecutiveLosses++;
    }
}
