package org.confero.server.conference;

import org.confero.mixer.codec.AudioCodec;

/**
 * What a phone hears while it is not in the room's mix: tone patterns generated here (nothing to ship or
 * download). A looping prompt repeats until it is replaced or the caller enters the room; a one-shot plays once and
 * the looping prompt before it resumes.
 *
 * <ul>
 *   <li>{@link #ENTER_PIN}: two short 1000 Hz beeps every 3 s — "key the PIN";</li>
 *   <li>{@link #WRONG_PIN}: one long low 350 Hz tone — "that PIN was wrong";</li>
 *   <li>{@link #WAITING}: a soft 660 Hz beep every 4 s — "you are waiting in the lobby".</li>
 * </ul>
 */
public enum Prompt {
    ENTER_PIN(true, new int[][] {{1000, 150}, {0, 100}, {1000, 150}, {0, 2600}}),
    WRONG_PIN(false, new int[][] {{350, 600}, {0, 200}}),
    WAITING(true, new int[][] {{660, 400}, {0, 3600}});

    /** About -12 dBFS: clearly heard, far from clipping. */
    private static final double AMPLITUDE = 8_000;
    private static final int FADE_SAMPLES = AudioCodec.MIX_RATE / 200;

    private final boolean loops;
    private final int[][] segments;

    Prompt(boolean loops, int[][] segments) {
        this.loops = loops;
        this.segments = segments;
    }

    public boolean loops() {
        return loops;
    }

    /** The pattern as 48 kHz mono PCM, a whole number of 20 ms frames, each tone faded in and out (no clicks). */
    short[] pcm() {
        int total = 0;
        for (int[] s : segments) {
            total += AudioCodec.MIX_RATE / 1000 * s[1];
        }
        int frames = (total + AudioCodec.MIX_FRAME_SAMPLES - 1) / AudioCodec.MIX_FRAME_SAMPLES;
        short[] out = new short[frames * AudioCodec.MIX_FRAME_SAMPLES];
        int at = 0;
        for (int[] s : segments) {
            int n = AudioCodec.MIX_RATE / 1000 * s[1];
            for (int i = 0; s[0] > 0 && i < n; i++) {
                double fade = Math.min(1.0, Math.min(i, n - 1 - i) / (double) FADE_SAMPLES);
                out[at + i] = (short) Math.round(AMPLITUDE * fade
                        * Math.sin(2 * Math.PI * s[0] * i / AudioCodec.MIX_RATE));
            }
            at += n;
        }
        return out;
    }
}
