package org.confero.server.load;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioEncoder;
import org.confero.mixer.codec.CodecFactory;

/**
 * Encoded 20 ms payloads, computed once before the run so that sending costs no encode: each talker frequency's
 * whole spurt ({@link TalkPattern#TALK_FRAMES} frames), and a one-second loop of silence. A spurt is encoded by
 * an encoder that has just been fed silence, as a live sender's is at a talk-spurt start: Opus predicts each
 * frame's band energies from the previous frame's, so steady-state tone frames played after silence decode
 * several frames too quiet (-39, -20, -10, -5 dB...) and would delay every onset a listener hears by about 60 ms.
 * The encoder warms up on extra frames first (libopus keeps look-ahead).
 */
final class ToneFrames {
    static final int LOOP_FRAMES = 50;
    private static final int WARM_UP_FRAMES = 10;
    /** About -12 dBFS: loud enough to be mixed, far from clipping when three talkers sum. */
    private static final double AMPLITUDE = 8_000;

    private final AudioCodec codec;
    /** [slot][frame of the spurt] */
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
            tones[slot] = encodeAfterSilence(codec, TalkPattern.frequency(slot), TalkPattern.TALK_FRAMES);
        }
        return new ToneFrames(codec, tones, encodeAfterSilence(codec, 0, LOOP_FRAMES));
    }

    AudioCodec codec() {
        return codec;
    }

    /** @param spurtFrame the frame's position in its spurt, 0 to {@link TalkPattern#TALK_FRAMES} - 1 */
    byte[] tone(int slot, int spurtFrame) {
        return tones[slot][spurtFrame];
    }

    byte[] silence(long frame) {
        return silence[(int) (frame % LOOP_FRAMES)];
    }

    /** {@code count} frames of a tone (silence at 0 Hz) from an encoder warmed up on silence. */
    private static byte[][] encodeAfterSilence(AudioCodec codec, int frequency, int count) {
        short[] silence = new short[AudioCodec.MIX_FRAME_SAMPLES];
        short[] pcm = new short[AudioCodec.MIX_FRAME_SAMPLES];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * frequency * i / AudioCodec.MIX_RATE));
        }
        byte[][] frames = new byte[count][];
        byte[] out = new byte[AudioEncoder.MAX_PAYLOAD];
        try (AudioEncoder encoder = CodecFactory.encoder(codec)) {
            int kept = 0;
            for (int i = 0; i < WARM_UP_FRAMES + 4 * count && kept < count; i++) {
                int n = encoder.encode(i < WARM_UP_FRAMES ? silence : pcm, 0, out, 0);
                if (n == AudioEncoder.ERROR) {
                    throw new IllegalStateException(codec + " encoder failed");
                }
                if (n > 0 && i >= WARM_UP_FRAMES) {
                    frames[kept++] = java.util.Arrays.copyOf(out, n);
                }
            }
            if (kept < count) {
                throw new IllegalStateException(codec + " encoder produced too few frames");
            }
        }
        return frames;
    }
}
