package org.confero.mixer.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioCodecRoundTripTest {
    private static final double AMPLITUDE = 8000;

    @AfterEach
    void everyContextIsClosed() {
        assertThat(NativeCodecs.openContexts()).isZero();
    }

    @ParameterizedTest(name = "{0} keeps a 1 kHz tone at {1} dB SNR or better")
    @CsvSource({"PCMU, 35", "PCMA, 35", "G722, 35", "OPUS, 25"})
    void aToneSurvivesEncodeAndDecode(AudioCodec codec, double minimumSnrDb) {
        roundTrip(codec, OpusSettings.DEFAULT, minimumSnrDb);
    }

    /**
     * Waveform SNR is no perceptual measure: at complexity 10 libopus trades waveform match for its
     * psychoacoustic choices (measured 16 dB on this tone, against 36-41 dB at 0-5), so its floor is lower.
     */
    @ParameterizedTest(name = "Opus at complexity {0} keeps a 1 kHz tone at {1} dB SNR or better")
    @CsvSource({"0, 25", "3, 25", "5, 25", "10, 12"})
    void opusKeepsAToneAtEveryComplexity(int complexity, double minimumSnrDb) {
        roundTrip(AudioCodec.OPUS, OpusSettings.DEFAULT.withComplexity(complexity), minimumSnrDb);
    }

    private static void roundTrip(AudioCodec codec, OpusSettings opus, double minimumSnrDb) {
        int frames = 40;
        int skip = 5; // codec and resampler start-up delay
        short[] decoded = new short[frames * AudioCodec.MIX_FRAME_SAMPLES];
        byte[] payload = new byte[AudioEncoder.MAX_PAYLOAD];
        int total = 0;
        try (AudioEncoder encoder = CodecFactory.encoder(codec, opus);
                AudioDecoder decoder = CodecFactory.decoder(codec)) {
            for (int i = 0; i < frames; i++) {
                int bytes = encoder.encode(Tones.sineFrame(1000, AMPLITUDE, i), 0, payload, 0);
                assertThat(bytes).as("payload of frame %d", i).isPositive();
                if (codec != AudioCodec.OPUS) {
                    assertThat(bytes).as("8 bits per 8 kHz sample, or 4 bits per 16 kHz one").isEqualTo(160);
                }
                int samples = decoder.decode(payload, 0, bytes, decoded, total);
                assertThat(samples).as("samples of frame %d", i).isEqualTo(AudioCodec.MIX_FRAME_SAMPLES);
                total += samples;
            }
            assertThat(encoder.framesEncoded()).isEqualTo(frames);
            assertThat(decoder.framesDecoded()).isEqualTo(frames);
            assertThat(NativeCodecs.openContexts()).isEqualTo(2);
        }
        int offset = skip * AudioCodec.MIX_FRAME_SAMPLES;
        int length = total - offset;
        double snr = Tones.snrDb(decoded, offset, length, 1000);
        double gainDb = Tones.db(Tones.tonePower(decoded, offset, length, 1000) / (AMPLITUDE * AMPLITUDE / 2));
        System.out.printf("%s complexity %d: SNR %.1f dB, gain %.2f dB%n", codec, opus.complexity(), snr,
                gainDb);
        assertThat(snr).isGreaterThanOrEqualTo(minimumSnrDb);
        assertThat(gainDb).isBetween(-3.0, 3.0);
    }
}
