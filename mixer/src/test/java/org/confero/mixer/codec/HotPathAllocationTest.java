package org.confero.mixer.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HotPathAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest
    @EnumSource(AudioCodec.class)
    void encodingAndDecodingAFrameAllocatesNoJavaMemory(AudioCodec codec) {
        short[] tone = Tones.sineFrame(1000, 8000, 0);
        short[] decoded = new short[AudioDecoder.MAX_SAMPLES_PER_PACKET];
        byte[] payload = new byte[AudioEncoder.MAX_PAYLOAD];
        try (AudioEncoder encoder = CodecFactory.encoder(codec); AudioDecoder decoder = CodecFactory.decoder(codec)) {
            roundTrips(encoder, decoder, tone, payload, decoded, 3000); // let the JIT settle
            long before = THREADS.getCurrentThreadAllocatedBytes();
            roundTrips(encoder, decoder, tone, payload, decoded, 1000);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated by 1000 encodes and decodes").isLessThan(1000);
        }
    }

    private static void roundTrips(AudioEncoder encoder, AudioDecoder decoder, short[] tone, byte[] payload,
            short[] decoded, int count) {
        for (int i = 0; i < count; i++) {
            int bytes = encoder.encode(tone, 0, payload, 0);
            if (decoder.decode(payload, 0, bytes, decoded, 0) != AudioCodec.MIX_FRAME_SAMPLES) {
                throw new AssertionError("round trip failed at frame " + i);
            }
        }
    }
}
