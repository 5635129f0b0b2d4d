package org.confero.mixer.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.confero.mixer.audio.AudioInput;
import org.confero.mixer.audio.AudioMixer;
import org.confero.mixer.audio.MixerConfig;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioDecoder;
import org.confero.mixer.codec.AudioEncoder;
import org.confero.mixer.codec.CodecFactory;
import org.confero.mixer.codec.OpusSettings;

/**
 * A benchmark room: {@code talkers} participants whose inputs decode a real packet of their codec every tick
 * (as the RTP path will), everyone else silent, all sending {@code codec}, sinks that drop the frames.
 */
final class BenchRoom implements AutoCloseable {
    private static final int RECORDED_FRAMES = 50;

    final AudioMixer mixer;
    private final List<AudioDecoder> decoders = new ArrayList<>();

    BenchRoom(int participants, int talkers, AudioCodec codec, boolean shared, OpusSettings opus) {
        MixerConfig config = MixerConfig.DEFAULT.withSharedListenerEncodes(shared).withOpus(opus);
        mixer = new AudioMixer("bench", config);
        for (int i = 0; i < participants; i++) {
            AudioInput input = i < talkers ? talker(codec, 300 + 200 * i) : frame -> false;
            mixer.add("p" + i, codec, input, (payload, offset, length, increment) -> { });
        }
    }

    private AudioInput talker(AudioCodec codec, double hz) {
        byte[][] packets = new byte[RECORDED_FRAMES][];
        short[] tone = new short[AudioCodec.MIX_FRAME_SAMPLES];
        byte[] buffer = new byte[AudioEncoder.MAX_PAYLOAD];
        try (AudioEncoder encoder = CodecFactory.encoder(codec)) {
            for (int f = 0; f < RECORDED_FRAMES; f++) {
                long first = (long) f * tone.length;
                for (int s = 0; s < tone.length; s++) {
                    tone[s] = (short) (6000 * Math.sin(2 * Math.PI * hz * (first + s) / AudioCodec.MIX_RATE));
                }
                int length = encoder.encode(tone, 0, buffer, 0);
                packets[f] = Arrays.copyOf(buffer, Math.max(length, 0));
            }
        }
        AudioDecoder decoder = CodecFactory.decoder(codec);
        decoders.add(decoder);
        int[] next = {0};
        return frame -> {
            byte[] packet = packets[next[0]];
            next[0] = (next[0] + 1) % RECORDED_FRAMES;
            return decoder.decode(packet, 0, packet.length, frame, 0) == AudioCodec.MIX_FRAME_SAMPLES;
        };
    }

    @Override
    public void close() {
        mixer.close();
        decoders.forEach(AudioDecoder::close);
        decoders.clear();
    }
}
