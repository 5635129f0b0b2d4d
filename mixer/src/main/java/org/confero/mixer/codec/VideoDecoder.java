package org.confero.mixer.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;

/**
 * Decodes one received video stream (complete frames from the depacketizer) to YUV 4:2:0 and keeps the last good
 * picture. One instance per stream, used from one thread at a time; {@link #close()} once that use has ended.
 *
 * <p>After any error the picture is kept and the decoder refuses inter frames ({@link Result#NEEDS_KEYFRAME})
 * until a keyframe decodes cleanly: showing a frame predicted from a broken reference only spreads the damage,
 * and the caller turns the result into a PLI. Pictures larger than {@link #MAX_WIDTH}×{@link #MAX_HEIGHT} are
 * refused before FFmpeg allocates for them ({@code max_pixels}), so a hostile SPS costs a counter, not memory.
 */
public final class VideoDecoder implements AutoCloseable {
    public static final int MAX_WIDTH = 1920;
    public static final int MAX_HEIGHT = 1088;
    /** A 1080p keyframe at a generous bitrate stays well under this; anything larger is refused unread. */
    public static final int MAX_FRAME_BYTES = 2 << 20;
    /** libavutil's AV_FRAME_FLAG_KEY (1 << 1), a macro JavaCPP does not map. */
    private static final int AV_FRAME_FLAG_KEY = 1 << 1;
    /** libavutil's AV_FRAME_FLAG_CORRUPT (1 << 0). */
    private static final int AV_FRAME_FLAG_CORRUPT = 1;

    /** What one {@link #decode} did. */
    public enum Result {
        /** A new picture is available from {@link #picture()}. */
        DECODED,
        /** The codec accepted the frame without output yet (not expected with low delay, but harmless). */
        NO_PICTURE,
        /** The frame was dropped: the stream needs a keyframe first (start of stream, or after an error). */
        NEEDS_KEYFRAME,
        /** The frame was refused or failed to decode; counted, the last good picture is kept. */
        ERROR
    }

    private final VideoCodec codec;
    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame decoded;
    private final AVFrame latest;
    private final FrameWords latestWords;
    private final Picture picture = new Picture();
    private final H264SpsSize spsSize = new H264SpsSize();
    private BytePointer input;
    private int inputCapacity;
    private boolean hasPicture;
    private boolean needsKeyframe = true;
    private long framesDecoded;
    private long keyframesDecoded;
    private long errors;
    private long droppedAwaitingKeyframe;
    private boolean closed;

    VideoDecoder(VideoCodec codec) {
        NativeCodecs.load();
        this.codec = codec;
        String name = codec == VideoCodec.VP8 ? "vp8" : "h264";
        AVCodec decoder = avcodec_find_decoder_by_name(name);
        if (decoder == null) {
            throw new IllegalStateException("FFmpeg build lacks the " + name + " decoder");
        }
        context = avcodec_alloc_context3(decoder);
        packet = av_packet_alloc();
        decoded = av_frame_alloc();
        latest = av_frame_alloc();
        try {
            if (context == null || packet == null || decoded == null || latest == null) {
                throw new IllegalStateException("out of native memory for a " + codec + " decoder");
            }
            // One thread, no frame reordering: a frame in is a picture out, with no added latency.
            context.thread_count(1);
            context.flags(context.flags() | AV_CODEC_FLAG_LOW_DELAY);
            context.max_pixels((long) MAX_WIDTH * MAX_HEIGHT);
            // A damaged frame fails loudly instead of being concealed; we keep the last good picture instead.
            context.err_recognition(AV_EF_EXPLODE);
            int ret = avcodec_open2(context, decoder, (AVDictionary) null);
            if (ret < 0) {
                throw new IllegalStateException("opening " + codec + " decoder: " + NativeCodecs.describe(ret));
            }
            growInput(64 * 1024);
        } catch (RuntimeException e) {
            NativeCodecs.free(context, packet, decoded);
            if (latest != null) {
                av_frame_free(latest);
            }
            throw e;
        }
        latestWords = new FrameWords(latest);
        NativeCodecs.opened();
    }

    public VideoCodec codec() {
        return codec;
    }

    /** Decodes one complete frame (H.264: an Annex B access unit; VP8: the bare frame). Never throws on bad input. */
    public Result decode(EncodedFrame frame) {
        int length = frame.length();
        if (closed || frame.codec() != codec || length <= 0 || length > MAX_FRAME_BYTES) {
            return error();
        }
        byte[] data = frame.data();
        boolean key = frame.keyframe() || Keyframes.isKeyframe(codec, data, length);
        if (needsKeyframe && !key) {
            droppedAwaitingKeyframe++;
            return Result.NEEDS_KEYFRAME;
        }
        if (key && !(codec == VideoCodec.VP8 ? Keyframes.vp8SizeAcceptable(data, length, MAX_WIDTH, MAX_HEIGHT)
                : spsSize.acceptable(data, length, MAX_WIDTH, MAX_HEIGHT))) {
            return error();
        }
        if (length + AV_INPUT_BUFFER_PADDING_SIZE > inputCapacity) {
            growInput(length + AV_INPUT_BUFFER_PADDING_SIZE);
        }
        input.position(0).put(data, 0, length);
        // FFmpeg's bitstream readers may read past the end: the padding must be zero.
        input.position(length).put(ZEROS, 0, AV_INPUT_BUFFER_PADDING_SIZE);
        input.position(0);
        packet.data(input).size(length);
        int ret = avcodec_send_packet(context, packet);
        packet.data(null).size(0);
        if (ret < 0) {
            drain();
            return error();
        }
        Result result = Result.NO_PICTURE;
        while (avcodec_receive_frame(context, decoded) >= 0) {
            if (result == Result.ERROR || !acceptable(decoded)) {
                av_frame_unref(decoded);
                result = Result.ERROR;
                continue;
            }
            boolean keyPicture = (decoded.flags() & AV_FRAME_FLAG_KEY) != 0 || decoded.pict_type() == AV_PICTURE_TYPE_I;
            if (needsKeyframe && !keyPicture) {
                av_frame_unref(decoded);
                continue;
            }
            av_frame_unref(latest);
            av_frame_move_ref(latest, decoded);
            hasPicture = true;
            needsKeyframe = false;
            framesDecoded++;
            if (keyPicture) {
                keyframesDecoded++;
            }
            result = Result.DECODED;
        }
        // One complete keyframe in, no picture out: with one thread and low delay that only happens when the
        // decoder dropped it (for instance a parameter set it refused).
        return result == Result.ERROR || (key && result == Result.NO_PICTURE) ? error() : result;
    }

    private static final byte[] ZEROS = new byte[AV_INPUT_BUFFER_PADDING_SIZE];

    private boolean acceptable(AVFrame frame) {
        int w = frame.width();
        int h = frame.height();
        int format = frame.format();
        return w >= 2 && h >= 2 && w <= MAX_WIDTH && h <= MAX_HEIGHT && w % 2 == 0 && h % 2 == 0
                && (format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P)
                && (frame.flags() & AV_FRAME_FLAG_CORRUPT) == 0 && frame.decode_error_flags() == 0;
    }

    private void drain() {
        while (avcodec_receive_frame(context, decoded) >= 0) {
            av_frame_unref(decoded);
        }
    }

    private Result error() {
        errors++;
        needsKeyframe = true;
        return Result.ERROR;
    }

    private void growInput(int capacity) {
        if (input != null) {
            input.close();
        }
        input = new BytePointer(capacity);
        inputCapacity = capacity;
    }

    /** True once a picture has decoded; it stays available after later errors. */
    public boolean hasPicture() {
        return hasPicture;
    }

    /**
     * The last good picture (YUV 4:2:0, native), or null before the first. Owned by the decoder and valid until
     * the next {@link #decode} or {@link #close} on this thread: take a reference ({@code av_frame_ref}) to keep it.
     */
    public AVFrame picture() {
        return hasPicture ? latest : null;
    }

    /** The last good picture read by address, or null before the first; valid like {@link #picture()}. */
    public YuvPlanes planes() {
        return hasPicture ? picture : null;
    }

    /** True at the start of the stream and after an error, until a keyframe decodes. */
    public boolean needsKeyframe() {
        return needsKeyframe;
    }

    public long framesDecoded() {
        return framesDecoded;
    }

    public long keyframesDecoded() {
        return keyframesDecoded;
    }

    /** Frames refused or failed (garbage, truncated, too large, unsupported format). */
    public long errors() {
        return errors;
    }

    /** Inter frames dropped while waiting for a keyframe. */
    public long droppedAwaitingKeyframe() {
        return droppedAwaitingKeyframe;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        hasPicture = false;
        av_frame_free(latest);
        NativeCodecs.free(context, packet, decoded);
        input.close();
        NativeCodecs.closed();
    }

    private final class Picture implements YuvPlanes {
        @Override
        public int width() {
            return latest.width();
        }

        @Override
        public int height() {
            return latest.height();
        }

        @Override
        public int pixelFormat() {
            return latest.format();
        }

        @Override
        public long planeAddress(int plane) {
            return latestWords.plane(plane);
        }

        @Override
        public int linesize(int plane) {
            return latestWords.linesize(plane);
        }
    }
}
