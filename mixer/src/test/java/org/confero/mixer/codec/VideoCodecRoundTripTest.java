package org.confero.mixer.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VideoCodecRoundTripTest {
    private int contextsBefore;

    @BeforeEach
    void countContexts() {
        contextsBefore = NativeCodecs.openContexts();
    }

    @AfterEach
    void everyContextIsClosed() {
        assertThat(NativeCodecs.openContexts()).isEqualTo(contextsBefore);
    }

    @ParameterizedTest(name = "{0}: a solid colour survives encode and decode")
    @EnumSource(VideoCodec.class)
    void aSolidColourSurvivesEncodeAndDecode(VideoCodec codec) {
        for (int[] colour : new int[][] {VideoTestPictures.RED, VideoTestPictures.GREEN, VideoTestPictures.BLUE}) {
            List<EncodedFrame> frames = VideoTestPictures.solidFrames(codec, 640, 360, colour, 5);
            assertThat(frames).hasSize(5);
            assertThat(frames.get(0).keyframe()).isTrue();
            assertThat(frames.subList(1, 5)).allMatch(f -> !f.keyframe(), "inter frames after the first");
            try (VideoDecoder decoder = CodecFactory.videoDecoder(codec)) {
                for (EncodedFrame frame : frames) {
                    assertThat(decoder.decode(frame)).isEqualTo(VideoDecoder.Result.DECODED);
                }
                AVFrame picture = decoder.picture();
                assertThat(picture.width()).isEqualTo(640);
                assertThat(picture.height()).isEqualTo(360);
                int[] centre = VideoTestPictures.yuvAt(picture, 320, 180);
                assertThat(VideoTestPictures.near(centre, colour, 6))
                        .as("%s centre %s expected %s", codec, java.util.Arrays.toString(centre),
                                java.util.Arrays.toString(colour))
                        .isTrue();
                assertThat(decoder.framesDecoded()).isEqualTo(5);
                assertThat(decoder.errors()).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0}: a forced keyframe is a keyframe, H.264 IDRs carry SPS and PPS")
    @EnumSource(VideoCodec.class)
    void forcedKeyframesAreSelfContained(VideoCodec codec) {
        try (YuvImage image = new YuvImage(320, 180);
                VideoEncoder encoder = CodecFactory.videoEncoder(codec, VideoEncoderSettings.of(320, 180, 200_000, 30))) {
            image.fill(0, 0, 320, 180, 81, 90, 240);
            for (int i = 0; i < 10; i++) {
                if (i == 6) {
                    encoder.forceKeyframe();
                }
                EncodedFrame out = encoder.encode(image.frame(), 3000L * i);
                assertThat(out).isNotNull();
                assertThat(out.rtpTimestamp()).isEqualTo(3000L * i);
                assertThat(out.keyframe()).as("frame %d", i).isEqualTo(i == 0 || i == 6);
                if (codec == VideoCodec.H264) {
                    assertThat(out.data()[0] == 0 && out.data()[1] == 0 && out.data()[2] == 0 && out.data()[3] == 1)
                            .as("Annex B start code").isTrue();
                    if (out.keyframe()) {
                        assertThat(nalTypes(out)).as("NAL units of an IDR access unit").contains(7, 8, 5);
                    }
                }
            }
            assertThat(encoder.keyframesEncoded()).isEqualTo(2);
        }
    }

    static java.util.List<Integer> nalTypes(EncodedFrame frame) {
        java.util.List<Integer> types = new java.util.ArrayList<>();
        byte[] d = frame.data();
        for (int i = 0; i + 3 < frame.length(); i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
                types.add(d[i + 3] & 0x1F);
                i += 2;
            }
        }
        return types;
    }
}
