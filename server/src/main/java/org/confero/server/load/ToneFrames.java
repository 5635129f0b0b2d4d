package org.confero.server.load;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioEncoder;
import org.confero.mixer.codec.CodecFactory;

/**
 * Encoded 20 ms payloads, computed once before the run so that sending costs no encode: a one-second loop of a
 * pure tone per talker frequency, and a loop of silence. The frequencies complete whole cycles in 20 ms, so the
 * loops join without a click. The encoder warms up on extra frames first (libopus keeps look-ahead).
 */
final class ToneFrames {
    static final int LOOP_FRAMES = 50;
    private static final int WARM_UP_FRAMES = 10;
    /** About -12 dBFS: loud enough to be mixed, far from clipping when three talkers sum. */
    private static final double AMPLITUDE = 8_000;

    private final AudioCodec codec;
    private final byte[][][] tones;
    private final byte[][] silence;

    private ToneFrames(AudioCodec codec, byte[][][] tones, byte[][] silence) {
        this.codec = codec;
        this.tones = tones;
        this.silence = silence;
    }

    static ToneFrames encode(AudioCodec codec, int talkerSlots) {
        byte[][][] tones = new byte[talkerSlots][][];
        for (int slot = 0; slot < talkerSlots; slot++) {
            tones[slot] = loop(codec, TalkPattern.frequency(slot));
        }
        return new ToneFrames(codec, tones, loop(codec, 0));
    }

    AudioCodec codec() {
        return codec;
    }

    byte[] tone(int slot, long frame) {
        return tones[slot][(int) (frame % LOOP_FRAMES)];
    }

    byte[] silence(long frame) {
        return silence[(int) (frame % LOOP_FRAMES)];
    }

    private static byte[][] loop(AudioCodec codec, int frequency) {
        short[] pcm = new short[AudioCodec.MIX_FRAME_SAMPLES];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * frequency * i / AudioCodec.MIX_RATE));
        }
        byte[][] frames = new byte[LOOP_FRAMES][];
        byte[] out = new byte[AudioEncoder.MAX_PAYLOAD];
        try (AudioEncoder encoder = CodecFactory.encoder(codec)) {
            int kept = 0;
            for (int i = 0; i < WARM_UP_FRAMES + 4 * LOOP_FRAMES && kept < LOOP_FRAMES; i++) {
                int n = encoder.encode(pcm, 0, out, 0);
                if (n == AudioEncoder.ERROR) {
                    throw new IllegalStateException(codec + " encoder failed");
                }
                if (n > 0 && i >= WARM_UP_FRAMES) {
                    frames[kept++] = java.util.Arrays.copyOf(out, n);
                }
            }
            if (kept < LOOP_FRAMES) {
                throw new IllegalStateException(codec + " encoder produced too few frames");
            }
        }
        return frames;
    }
}
