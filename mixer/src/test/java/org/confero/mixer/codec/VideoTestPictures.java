package org.confero.mixer.codec;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;

/** Solid-colour pictures, their encoded frames, and pixel sampling of decoded pictures, for video tests. */
public final class VideoTestPictures {
    /** BT.601 limited-range colours (Y, U, V). */
    public static final int[] RED = {81, 90, 240};
    public static final int[] GREEN = {145, 54, 34};
    public static final int[] BLUE = {41, 240, 110};
    public static final int[] YELLOW = {210, 16, 146};
    public static final int[] MAGENTA = {106, 202, 222};
    public static final int[] CYAN = {170, 166, 16};
    public static final int[] GREY = {126, 128, 128};
    public static final int[] ORANGE = {151, 44, 201};
    public static final int[] PURPLE = {58, 180, 170};
    public static final int[][] COLOURS = {RED, GREEN, BLUE, YELLOW, MAGENTA, CYAN, GREY, ORANGE, PURPLE};

    private VideoTestPictures() {
    }

    /** Encodes {@code count} frames of one solid colour (the first a keyframe); returns copies of the frames. */
    public static List<EncodedFrame> solidFrames(VideoCodec codec, int width, int height, int[] yuv, int count) {
        List<EncodedFrame> frames = new ArrayList<>();
        try (YuvImage image = new YuvImage(width, height);
                VideoEncoder encoder = CodecFactory.videoEncoder(codec,
                        VideoEncoderSettings.of(width, height, 600_000, 30))) {
            image.fill(0, 0, width, height, yuv[0], yuv[1], yuv[2]);
            for (int i = 0; i < count; i++) {
                EncodedFrame out = encoder.encode(image.frame(), i * 3000L);
                if (out != null) {
                    frames.add(copy(out));
                }
            }
        }
        return frames;
    }

    public static EncodedFrame copy(EncodedFrame frame) {
        EncodedFrame copy = new EncodedFrame(frame.codec(), frame.length());
        copy.reset(frame.rtpTimestamp(), frame.keyframe());
        copy.append(frame.data(), 0, frame.length());
        return copy;
    }

    public static EncodedFrame frameOf(VideoCodec codec, byte[] bytes, boolean keyframe) {
        EncodedFrame frame = new EncodedFrame(codec, bytes.length);
        frame.reset(0, keyframe);
        frame.append(bytes, 0, bytes.length);
        return frame;
    }

    /** One sample of plane 0 (Y), 1 (U) or 2 (V) at picture coordinates (x, y). */
    public static int sample(AVFrame picture, int plane, int x, int y) {
        int shift = plane == 0 ? 0 : 1;
        return picture.data(plane).get((long) (y >> shift) * picture.linesize(plane) + (x >> shift)) & 0xFF;
    }

    /** Y, U, V averaged over a small square around (x, y), which smooths codec noise. */
    public static int[] yuvAt(AVFrame picture, int x, int y) {
        int[] sum = new int[3];
        int n = 0;
        for (int dy = -4; dy <= 4; dy += 2) {
            for (int dx = -4; dx <= 4; dx += 2) {
                for (int p = 0; p < 3; p++) {
                    sum[p] += sample(picture, p, x + dx, y + dy);
                }
                n++;
            }
        }
        return new int[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    public static boolean near(int[] actual, int[] expected, int tolerance) {
        for (int p = 0; p < 3; p++) {
            if (Math.abs(actual[p] - expected[p]) > tolerance) {
                return false;
            }
        }
        return true;
    }
}
