package org.confero.mixer.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VideoDecoderHostileInputTest {
    private int contextsBefore;

    @BeforeEach
    void countContexts() {
        contextsBefore = NativeCodecs.openContexts();
    }

    @AfterEach
    void everyContextIsClosed() {
        assertThat(NativeCodecs.openContexts()).isEqualTo(contextsBefore);
    }

    @ParameterizedTest(name = "{0}: garbage and truncated frames are counted, the last good picture stays, a keyframe recovers")
    @EnumSource(VideoCodec.class)
    void garbageAndTruncatedFramesKeepTheLastGoodPicture(VideoCodec codec) {
        List<EncodedFrame> red = VideoTestPictures.solidFrames(codec, 640, 360, VideoTestPictures.RED, 3);
        List<EncodedFrame> blue = VideoTestPictures.solidFrames(codec, 640, 360, VideoTestPictures.BLUE, 3);
        Random random = new Random(7);
        try (VideoDecoder decoder = CodecFactory.videoDecoder(codec)) {
            assertThat(decoder.decode(red.get(1))).as("an inter frame before any keyframe")
                    .isEqualTo(VideoDecoder.Result.NEEDS_KEYFRAME);
            for (EncodedFrame frame : red) {
                assertThat(decoder.decode(frame)).isEqualTo(VideoDecoder.Result.DECODED);
            }
            long errors = 0;
            for (int i = 0; i < 50; i++) {
                byte[] garbage = new byte[1 + random.nextInt(3000)];
                random.nextBytes(garbage);
                VideoDecoder.Result result = decoder.decode(VideoTestPictures.frameOf(codec, garbage, i % 2 == 0));
                assertThat(result).isIn(VideoDecoder.Result.ERROR, VideoDecoder.Result.NEEDS_KEYFRAME);
                errors += result == VideoDecoder.Result.ERROR ? 1 : 0;
            }
            byte[] key = java.util.Arrays.copyOf(blue.get(0).data(), blue.get(0).length() / 3);
            assertThat(decoder.decode(VideoTestPictures.frameOf(codec, key, true))).as("a truncated keyframe")
                    .isEqualTo(VideoDecoder.Result.ERROR);
            errors++;
            assertThat(decoder.errors()).isEqualTo(errors).isPositive();
            assertThat(decoder.needsKeyframe()).isTrue();
            assertThat(decoder.decode(blue.get(1))).isEqualTo(VideoDecoder.Result.NEEDS_KEYFRAME);
            assertThat(VideoTestPictures.near(VideoTestPictures.yuvAt(decoder.picture(), 320, 180),
                    VideoTestPictures.RED, 6)).as("the last good picture is kept").isTrue();

            assertThat(decoder.decode(blue.get(0))).isEqualTo(VideoDecoder.Result.DECODED);
            assertThat(decoder.decode(blue.get(1))).isEqualTo(VideoDecoder.Result.DECODED);
            assertThat(decoder.needsKeyframe()).isFalse();
            int[] recovered = VideoTestPictures.yuvAt(decoder.picture(), 320, 180);
            assertThat(VideoTestPictures.near(recovered, VideoTestPictures.BLUE, 10))
                    .as("recovered on the next keyframe: %s", java.util.Arrays.toString(recovered)).isTrue();
        }
    }

    @Test
    void anH264SpsDeclaring16384By16384IsRefusedWithoutAllocating() {
        List<EncodedFrame> green = VideoTestPictures.solidFrames(VideoCodec.H264, 640, 360, VideoTestPictures.GREEN, 2);
        EncodedFrame idr = green.get(0);
        try (VideoDecoder decoder = CodecFactory.videoDecoder(VideoCodec.H264)) {
            assertThat(decoder.decode(idr)).isEqualTo(VideoDecoder.Result.DECODED);
            byte[] hostile = replaceSps(idr, hugeSps(1024, 1024));
            long heapBefore = nativeBytes();
            assertThat(decoder.decode(VideoTestPictures.frameOf(VideoCodec.H264, hostile, true)))
                    .isEqualTo(VideoDecoder.Result.ERROR);
            assertThat(nativeBytes() - heapBefore).as("native bytes allocated by JavaCPP")
                    .isLessThan(16 << 20);
            assertThat(decoder.errors()).isEqualTo(1);
            assertThat(decoder.picture().width()).isEqualTo(640);
            assertThat(VideoTestPictures.near(VideoTestPictures.yuvAt(decoder.picture(), 320, 180),
                    VideoTestPictures.GREEN, 6)).isTrue();
            assertThat(decoder.decode(green.get(1))).isEqualTo(VideoDecoder.Result.NEEDS_KEYFRAME);
            assertThat(decoder.decode(idr)).isEqualTo(VideoDecoder.Result.DECODED);
            assertThat(decoder.decode(green.get(1))).isEqualTo(VideoDecoder.Result.DECODED);
        }
    }

    @Test
    void aVp8KeyframeDeclaring16000By16000IsRefusedBeforeDecoding() {
        List<EncodedFrame> green = VideoTestPictures.solidFrames(VideoCodec.VP8, 320, 180, VideoTestPictures.GREEN, 1);
        byte[] hostile = java.util.Arrays.copyOf(green.get(0).data(), green.get(0).length());
        hostile[6] = (byte) (16000 & 0xFF);
        hostile[7] = (byte) (16000 >> 8);
        hostile[8] = (byte) (16000 & 0xFF);
        hostile[9] = (byte) (16000 >> 8);
        try (VideoDecoder decoder = CodecFactory.videoDecoder(VideoCodec.VP8)) {
            assertThat(decoder.decode(VideoTestPictures.frameOf(VideoCodec.VP8, hostile, true)))
                    .isEqualTo(VideoDecoder.Result.ERROR);
            assertThat(decoder.hasPicture()).isFalse();
            assertThat(decoder.decode(green.get(0))).isEqualTo(VideoDecoder.Result.DECODED);
        }
    }

    private static long nativeBytes() {
        return org.bytedeco.javacpp.Pointer.physicalBytes();
    }

    /** The access unit with its SPS NAL unit swapped for {@code sps} (start code included). */
    private static byte[] replaceSps(EncodedFrame frame, byte[] sps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] d = frame.data();
        int n = frame.length();
        int start = -1;
        for (int i = 0; i + 3 <= n; i++) {
            boolean boundary = i + 3 < n && d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 0 && d[i + 3] == 1;
            if (boundary || i + 3 == n) {
                int end = i + 3 == n ? n : i;
                if (start >= 0) {
                    if ((d[start + 4] & 0x1F) == 7) {
                        out.writeBytes(sps);
                    } else {
                        out.write(d, start, end - start);
                    }
                }
                start = i;
                i += 3;
            }
        }
        return out.toByteArray();
    }

    /** A Baseline SPS (ITU-T H.264 §7.3.2.1.1) of the given size in macroblocks, with start code. */
    static byte[] hugeSps(int widthMbs, int heightMbs) {
        Bits bits = new Bits();
        bits.u(8, 66).u(8, 0xC0).u(8, 51);
        bits.ue(0).ue(0).ue(2).ue(1).u(1, 0);
        bits.ue(widthMbs - 1).ue(heightMbs - 1);
        bits.u(1, 1).u(1, 1).u(1, 0).u(1, 0);
        bits.u(1, 1);
        byte[] rbsp = bits.bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 1, 0x67});
        int zeros = 0;
        for (byte b : rbsp) {
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                out.write(3); // emulation prevention (§7.4.1)
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int count;

        Bits u(int n, int value) {
            for (int i = n - 1; i >= 0; i--) {
                current = current << 1 | (value >> i & 1);
                if (++count == 8) {
                    out.write(current);
                    current = 0;
                    count = 0;
                }
            }
            return this;
        }

        Bits ue(int value) {
            int v = value + 1;
            int length = 32 - Integer.numberOfLeadingZeros(v);
            u(length - 1, 0);
            return u(length, v);
        }

        byte[] bytes() {
            while (count != 0) {
                u(1, 0);
            }
            return out.toByteArray();
        }
    }
}
