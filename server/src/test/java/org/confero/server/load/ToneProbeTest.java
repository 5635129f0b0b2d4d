package org.confero.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioEncoder;
import org.confero.mixer.codec.CodecFactory;
import org.junit.jupiter.api.Test;

/** The probe on real PCMU frames: tones found by onset and latency, and no talker tone invented by companding. */
class ToneProbeTest {
    private static final long MS = 1_000_000L;

    @Test
    void findsTheOnsetOfTwoMixedTalkersAndNeverTheThirdThroughG711() {
        MeasureWindow window = new MeasureWindow();
        long t0 = 10_000 * MS;
        window.open(t0 - 1_000 * MS);
        window.close(t0 + 10_000 * MS);
        OnsetLog[] logs = {new OnsetLog(), new OnsetLog(), new OnsetLog()};
        logs[0].record(t0);
        logs[2].record(t0);
        try (ToneProbe probe = new ToneProbe(AudioCodec.PCMU, logs, 1, window);
             AudioEncoder encoder = CodecFactory.encoder(AudioCodec.PCMU)) {
            byte[] silence = encode(encoder);
            byte[] mix = encode(encoder, TalkPattern.frequency(0), TalkPattern.frequency(2));
            long at = t0;
            for (int i = 0; i < 6; i++) {
                probe.onPayload(silence, 0, silence.length, at += 20 * MS);
            }
            for (int i = 0; i < 50; i++) {
                probe.onPayload(mix, 0, mix.length, at += 20 * MS);
            }
            assertThat(probe.heardOnsets(0)).isEqualTo(1);
            assertThat(probe.heardOnsets(2)).isEqualTo(1);
            assertThat(probe.latency().percentileMillis(0.5)).isEqualTo(141); // 7th packet, 140 ms after t0
            assertThat(probe.selfFrames()).as("third talker's tone in a G.711 mix of the other two").isZero();
        }
    }

    @Test
    void aTalkerHearingItselfIsCounted() {
        MeasureWindow window = new MeasureWindow();
        OnsetLog[] logs = {new OnsetLog(), new OnsetLog()};
        try (ToneProbe probe = new ToneProbe(AudioCodec.PCMU, logs, 1, window);
             AudioEncoder encoder = CodecFactory.encoder(AudioCodec.PCMU)) {
            byte[] own = encode(encoder, TalkPattern.frequency(1));
            for (int i = 0; i < 3; i++) {
                probe.onPayload(own, 0, own.length, i * 20 * MS);
            }
            assertThat(probe.selfFrames()).isEqualTo(3);
        }
    }

    private static byte[] encode(AudioEncoder encoder, int... frequencies) {
        short[] pcm = new short[AudioCodec.MIX_FRAME_SAMPLES];
        for (int i = 0; i < pcm.length; i++) {
            double v = 0;
            for (int f : frequencies) {
                v += 8_000 * Math.sin(2 * Math.PI * f * i / AudioCodec.MIX_RATE);
            }
            pcm[i] = (short) Math.round(v);
        }
        byte[] out = new byte[AudioEncoder.MAX_PAYLOAD];
        int n = encoder.encode(pcm, 0, out, 0);
        assertThat(n).isPositive();
        return Arrays.copyOf(out, n);
    }
}
