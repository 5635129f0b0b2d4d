package org.confero.server.conference;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioEncoder;
import org.confero.mixer.codec.CodecFactory;

/**
 * A prompt's 20 ms payloads in one codec, encoded once per server and codec (on the first call that needs them,
 * at setup time) so that playing them costs the send path no encoding and no allocation.
 */
final class PromptFrames {
    private static final Map<AudioCodec, Map<Prompt, byte[][]>> CACHE = new ConcurrentHashMap<>();
    /** Frames of silence an encoder is fed first, as a live sender's is before it talks (libopus look-ahead). */
    private static final int WARM_UP_FRAMES = 5;

    private PromptFrames() {}

    static byte[][] of(Prompt prompt, AudioCodec codec) {
        Map<Prompt, byte[][]> byPrompt = CACHE.computeIfAbsent(codec, c -> new ConcurrentHashMap<>());
        return byPrompt.computeIfAbsent(prompt, p -> encode(p, codec));
    }

    private static byte[][] encode(Prompt prompt, AudioCodec codec) {
        short[] pcm = prompt.pcm();
        int count = pcm.length / AudioCodec.MIX_FRAME_SAMPLES;
        short[] silence = new short[AudioCodec.MIX_FRAME_SAMPLES];
        byte[][] frames = new byte[count][];
        byte[] out = new byte[AudioEncoder.MAX_PAYLOAD];
        try (AudioEncoder encoder = CodecFactory.encoder(codec)) {
            int kept = 0;
            // a codec that buffers (libopus) yields its first frames late: feed silence after the end until all came
            for (int i = 0; i < WARM_UP_FRAMES + count + 10 && kept < count; i++) {
                int from = i - WARM_UP_FRAMES;
                int n = from >= 0 && from < count ? encoder.encode(pcm, from * AudioCodec.MIX_FRAME_SAMPLES, out, 0)
                        : encoder.encode(silence, 0, out, 0);
                if (n == AudioEncoder.ERROR) {
                    throw new IllegalStateException(codec + " encoder failed on prompt " + prompt);
                }
                if (n > 0 && i >= WARM_UP_FRAMES) {
                    frames[kept++] = Arrays.copyOf(out, n);
                }
            }
            if (kept < count) {
                throw new IllegalStateException(codec + " encoder produced too few frames for prompt " + prompt);
            }
        }
        return frames;
    }
}
