package org.confero.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioDecoder;
import org.confero.mixer.codec.CodecFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A talker's spurt, sent after silence as the load tool sends it, decodes at full level from its first frames:
 * the onset a listener hears is the server's doing, not the tool's (a steady-state Opus frame spliced after
 * silence decodes 20 dB too quiet and delays the onset by about 60 ms).
 */
class ToneFramesTest {
    @ParameterizedTest
    @EnumSource(value = AudioCodec.class, names = {"OPUS", "PCMU", "G722"})
    void aSpurtAfterSilenceDecodesAtFullLevelFromItsSecondFrame(AudioCodec codec) {
        ToneFrames frames = ToneFrames.encode(codec, 1);
        double[] rms = new double[TalkPattern.TALK_FRAMES];
        short[] pcm = new short[AudioDecoder.MAX_SAMPLES_PER_PACKET];
        try (AudioDecoder decoder = CodecFactory.decoder(codec)) {
            for (int f = 0; f < 2 * ToneFrames.LOOP_FRAMES; f++) {
                byte[] payload = frames.silence(f);
                assertThat(decoder.decode(payload, 0, payload.length, pcm, 0)).isPositive();
            }
            for (int f = 0; f < rms.length; f++) {
                byte[] payload = frames.tone(0, f);
                int n = decoder.decode(payload, 0, payload.length, pcm, 0);
                double energy = 0;
                for (int i = 0; i < n; i++) {
                    energy += (double) pcm[i] * pcm[i];
                }
                rms[f] = Math.sqrt(energy / n);
            }
        }
        double steady = rms[rms.length - 1];
        assertThat(steady).as("steady level").isGreaterThan(4000);
        for (int f = 1; f < rms.length; f++) {
            assertThat(20 * Math.log10(rms[f] / steady)).as("level of spurt frame %d, dB below steady", f)
                    .isGreaterThan(-1.5);
        }
    }
}
