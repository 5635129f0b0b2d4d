package org.confero.server.recording;

import java.time.Duration;
import org.confero.mixer.codec.AudioCodec;

/** A sine beep at 48 kHz mono, faded in and out so it does not click. */
final class Tone {
    private static final double AMPLITUDE = 0.25 * Short.MAX_VALUE;
    private static final int FADE_SAMPLES = AudioCodec.MIX_RATE / 100;

    private Tone() {}

    static short[] pcm(int hz, Duration length) {
        int n = (int) (AudioCodec.MIX_RATE * length.toMillis() / 1000);
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            double fade = Math.min(1.0, Math.min(i, n - 1 - i) / (double) FADE_SAMPLES);
            out[i] = (short) Math.round(AMPLITUDE * fade * Math.sin(2 * Math.PI * hz * i / AudioCodec.MIX_RATE));
        }
        return out;
    }
}
