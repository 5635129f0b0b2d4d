package org.confero.mixer.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import java.util.Random;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AudioDecoderTest {
    private static final int FRAME = AudioCodec.MIX_FRAME_SAMPLES;

    @AfterEach
    void everyContextIsClosed() {
        assertThat(NativeCodecs.openContexts()).isZero();
    }

    @ParameterizedTest
    @EnumSource(AudioCodec.class)
    void randomPayloadsNeverThrowAndYieldAnErrorOrAudio(AudioCodec codec) {
        Random random = new Random(42);
        short[] out = new short[AudioDecoder.MAX_SAMPLES_PER_PACKET];
        try (AudioDecoder decoder = CodecFactory.decoder(codec)) {
            for (int i = 0; i < 2000; i++) {
                byte[] garbage = new byte[1 + random.nextInt(400)];
                random.nextBytes(garbage);
                int result = decoder.decode(garbage, 0, garbage.length, out, 0);
                assertThat(result).isBetween(AudioDecoder.ERROR, out.length);
            }
            // and it still decodes real audio afterwards
            byte[] payload = new byte[AudioEncoder.MAX_PAYLOAD];
            try (AudioEncoder encoder = CodecFactory.encoder(codec)) {
                int samples = 0;
                for (int i = 0; i < 3; i++) {
                    int bytes = encoder.encode(Tones.sineFrame(1000, 8000, i), 0, payload, 0);
                    samples = decoder.decode(payload, 0, bytes, out, 0);
                }
                assertThat(samples).isEqualTo(FRAME);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AudioCodec.class)
    void anOutputArrayTooSmallIsAnErrorAndTheNextPacketDecodes(AudioCodec codec) {
        byte[] payload = new byte[AudioEncoder.MAX_PAYLOAD];
        short[] out = new short[FRAME];
        try (AudioEncoder encoder = CodecFactory.encoder(codec); AudioDecoder decoder = CodecFactory.decoder(codec)) {
            int bytes = encoder.encode(Tones.sineFrame(1000, 8000, 0), 0, payload, 0);
            assertThat(decoder.decode(payload, 0, bytes, out, FRAME / 2)).isEqualTo(AudioDecoder.ERROR);
            assertThat(decoder.decode(payload, 0, bytes, out, -1)).isEqualTo(AudioDecoder.ERROR);
            bytes = encoder.encode(Tones.sineFrame(1000, 8000, 1), 0, payload, 0);
            assertThat(decoder.decode(payload, 0, bytes, out, 0)).isEqualTo(FRAME);
        }
    }

    @Test
    void malformedOpusPacketsAreRejected() {
        short[] out = new short[AudioDecoder.MAX_SAMPLES_PER_PACKET];
        try (AudioDecoder decoder = CodecFactory.decoder(AudioCodec.OPUS)) {
            // RFC 6716 §3.2.5: code 3 needs a frame-count byte; §3.4 [R5]: more than 120 ms is invalid
            assertThat(decoder.decode(new byte[] {(byte) 0x03}, 0, 1, out, 0)).isEqualTo(AudioDecoder.ERROR);
            assertThat(decoder.decode(new byte[] {(byte) 0xFB, (byte) 0x3F}, 0, 2, out, 0))
                    .isEqualTo(AudioDecoder.ERROR);
            assertThat(decoder.decode(new byte[0], 0, 0, out, 0)).isEqualTo(AudioDecoder.ERROR);
            assertThat(decoder.decode(new byte[2000], 0, 2000, out, 0)).isEqualTo(AudioDecoder.ERROR);
            assertThat(decoder.decode(new byte[10], 5, 10, out, 0)).isEqualTo(AudioDecoder.ERROR);
            assertThat(decoder.payloadsRejected()).isEqualTo(5);
        }
    }

    @Test
    void aStereoOpusStreamIsDecodedToMono() {
        // A browser's Opus is "opus/48000/2"; the TOC's stereo flag (RFC 6716 §3.1) is honoured by downmixing.
        byte[] payload = new byte[AudioEncoder.MAX_PAYLOAD];
        short[] out = new short[AudioDecoder.MAX_SAMPLES_PER_PACKET];
        try (StereoOpusEncoder stereo = new StereoOpusEncoder();
                AudioDecoder decoder = CodecFactory.decoder(AudioCodec.OPUS)) {
            double toneAtEnd = 0;
            for (int i = 0; i < 20; i++) {
                int bytes = stereo.encode(Tones.sineFrame(1000, 8000, i), Tones.sineFrame(1000, 8000, i), payload);
                assertThat(payload[0] & 0x04).as("stereo flag in the TOC").isEqualTo(0x04);
                assertThat(decoder.decode(payload, 0, bytes, out, 0)).isEqualTo(FRAME);
                toneAtEnd = Tones.tonePower(out, 0, FRAME, 1000);
            }
            assertThat(Tones.db(toneAtEnd / (8000.0 * 8000 / 2))).isBetween(-3.0, 3.0);
        }
    }

    @ParameterizedTest
    @EnumSource(AudioCodec.class)
    void aLostPacketIsFilledWithTheLastAudioFadingToSilence(AudioCodec codec) {
        byte[] payload = new byte[AudioEncoder.MAX_PAYLOAD];
        short[] out = new short[FRAME];
        try (AudioEncoder encoder = CodecFactory.encoder(codec); AudioDecoder decoder = CodecFactory.decoder(codec)) {
            for (int i = 0; i < 10; i++) {
                int bytes = encoder.encode(Tones.sineFrame(1000, 8000, i), 0, payload, 0);
                decoder.decode(payload, 0, bytes, out, 0);
            }
            double decodedPower = Tones.power(out, 0, FRAME);
            double[] concealedPower = new double[LossConcealer.FRAMES_TO_SILENCE + 1];
            for (int i = 0; i < concealedPower.length; i++) {
                assertThat(decoder.conceal(out, 0, FRAME)).isEqualTo(FRAME);
                concealedPower[i] = Tones.power(out, 0, FRAME);
            }
            assertThat(concealedPower[0]).isBetween(decodedPower * 0.2, decodedPower);
            for (int i = 1; i < concealedPower.length; i++) {
                assertThat(concealedPower[i]).isLessThan(concealedPower[i - 1]);
            }
            assertThat(concealedPower[concealedPower.length - 1]).isZero();
        }
    }

    /**
     * Why concealment is ours: libavcodec maps "no packet" to draining, not to a decoder's PLC, and rejects a
     * zero-length packet that has data. Neither yields a concealment frame from the opus/libopus decoders.
     */
    @Test
    void libavcodecOffersNoOpusConcealmentThroughAnEmptyPacket() {
        NativeCodecs.load();
        for (String name : new String[] {"opus", "libopus"}) {
            AVCodec codec = avcodec_find_decoder_by_name(name);
            AVCodecContext context = avcodec_alloc_context3(codec);
            AVPacket packet = av_packet_alloc();
            AVFrame frame = av_frame_alloc();
            BytePointer data = new BytePointer(64);
            try {
                context.sample_rate(48_000);
                av_channel_layout_default(context.ch_layout(), 1);
                assertThat(avcodec_open2(context, codec, (AVDictionary) null)).isZero();
                packet.data(data).size(0);
                assertThat(avcodec_send_packet(context, packet)).as(name + ": empty packet with data").isNegative();
                assertThat(avcodec_send_packet(context, null)).as(name + ": null packet starts draining").isZero();
                assertThat(avcodec_receive_frame(context, frame)).as(name + ": drained, no PLC frame")
                        .isEqualTo(AVERROR_EOF);
            } finally {
                packet.data(null).size(0);
                av_packet_free(packet);
                av_frame_free(frame);
                avcodec_free_context(context);
                data.close();
            }
        }
    }

    @Test
    void closingTwiceIsHarmlessAndDecodingAfterCloseIsAnError() {
        AudioDecoder decoder = CodecFactory.decoder(AudioCodec.PCMA);
        assertThat(NativeCodecs.openContexts()).isEqualTo(1);
        decoder.close();
        decoder.close();
        assertThat(NativeCodecs.openContexts()).isZero();
        assertThat(decoder.decode(new byte[160], 0, 160, new short[FRAME], 0)).isEqualTo(AudioDecoder.ERROR);
        AudioEncoder encoder = CodecFactory.encoder(AudioCodec.OPUS);
        encoder.close();
        encoder.close();
        assertThat(encoder.encode(new short[FRAME], 0, new byte[1275], 0)).isEqualTo(AudioEncoder.ERROR);
    }
}
