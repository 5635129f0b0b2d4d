package org.confero.mixer.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * μ-law digital silence is answered with zeros instead of a decode once the resampler holds only zeros: the
 * output must be the same, sample for sample, as decoding every packet, across talk spurts and silences.
 */
class SilentDecodeTest {
    private static final int PACKET = 160; // 20 ms of G.711

    @AfterEach
    void everyContextIsClosed() {
        assertThat(NativeCodecs.openContexts()).isZero();
    }

    @Test
    void skippingDigitalSilenceGivesTheSameSamplesAsDecodingIt() {
        List<byte[]> stream = new ArrayList<>();
        int n = 0;
        // spurts of a 650 Hz tone between silences of both zero codes, a silence too short to skip, and near
        // silence (code 0xFE, -1 after decoding) that must still be decoded
        int[][] plan = {{1, 3}, {0xFF, 6}, {1, 2}, {0x7F, 1}, {1, 1}, {0x7F, 4}, {0xFE, 3}, {0xFF, 5}, {1, 2}};
        for (int[] part : plan) {
            for (int i = 0; i < part[1]; i++, n++) {
                stream.add(part[0] == 1 ? toneMulaw(650, n) : filled(part[0]));
            }
        }
        short[] skipping = decodeAll(stream, true);
        short[] decoding = decodeAll(stream, false);
        assertThat(skipping).hasSize(n * PACKET * 6);
        assertThat(Arrays.mismatch(skipping, decoding)).isEqualTo(-1);
        assertThat(Tones.power(skipping, 0, skipping.length)).isGreaterThan(1e5); // the tone came through

        try (AudioDecoder decoder = new AudioDecoder(AudioCodec.PCMU, true)) {
            short[] out = new short[PACKET * 6];
            for (byte[] p : stream) {
                decoder.decode(p, 0, p.length, out, 0);
            }
            // silences of 6, 4 and 5 packets, the first two of each decoded; the single one and the near
            // silence never skipped
            assertThat(decoder.silentPayloadsSkipped()).isEqualTo(4 + 2 + 3);
            assertThat(decoder.framesDecoded()).isEqualTo(n);
        }
    }

    @Test
    void aLawIsNeverSkipped() {
        byte[] quiet = filled(0xD5);
        assertThat(DigitalSilence.isSilent(AudioCodec.PCMA, quiet, 0, quiet.length)).isFalse();
        assertThat(DigitalSilence.isSilent(AudioCodec.PCMU, filled(0xFF), 0, PACKET)).isTrue();
        assertThat(DigitalSilence.isSilent(AudioCodec.PCMU, filled(0xFE), 0, PACKET)).isFalse();
        assertThat(DigitalSilence.isSilent(AudioCodec.OPUS, filled(0xFF), 0, PACKET)).isFalse();
    }

    /** Not a pass/fail figure: the thread CPU per silent packet with and without skipping, printed. */
    @Test
    void skippedSilenceCostsLessCpuThanDecodingIt() {
        byte[] silence = filled(0xFF);
        long[] cpu = new long[2];
        for (int round = 0; round < 2; round++) {
            for (int mode = 0; mode < 2; mode++) {
                try (AudioDecoder decoder = new AudioDecoder(AudioCodec.PCMU, mode == 1)) {
                    short[] out = new short[PACKET * 6];
                    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < 20_000; i++) {
                        assertThat(decoder.decode(silence, 0, PACKET, out, 0)).isEqualTo(PACKET * 6);
                    }
                    cpu[mode] = threads.getCurrentThreadCpuTime() - start;
                }
            }
        }
        System.out.printf("silent PCMU packet: decoded %.2f us, skipped %.2f us of thread CPU%n",
                cpu[0] / 20_000 / 1e3, cpu[1] / 20_000 / 1e3);
        assertThat(cpu[1]).isLessThan(cpu[0]);
    }

    private static short[] decodeAll(List<byte[]> stream, boolean skip) {
        short[] all = new short[stream.size() * PACKET * 6];
        int at = 0;
        try (AudioDecoder decoder = new AudioDecoder(AudioCodec.PCMU, skip)) {
            for (byte[] p : stream) {
                int got = decoder.decode(p, 0, p.length, all, at);
                assertThat(got).isEqualTo(PACKET * 6);
                at += got;
            }
        }
        return all;
    }

    private static byte[] filled(int code) {
        byte[] p = new byte[PACKET];
        Arrays.fill(p, (byte) code);
        return p;
    }

    private static byte[] toneMulaw(double hz, int packetIndex) {
        byte[] p = new byte[PACKET];
        for (int i = 0; i < PACKET; i++) {
            double t = (packetIndex * PACKET + i) / 8000.0;
            p[i] = linearToMulaw((int) Math.round(8000 * Math.sin(2 * Math.PI * hz * t)));
        }
        return p;
    }

    /** ITU-T G.711 μ-law encoding of a 16-bit sample (the classic Sun reference algorithm). */
    private static byte linearToMulaw(int sample) {
        final int bias = 0x84;
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(32635, Math.abs(sample)) + bias;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}
