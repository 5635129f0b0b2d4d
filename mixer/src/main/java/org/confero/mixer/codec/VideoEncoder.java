package org.confero.mixer.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PROFILE_H264_CONSTRAINED_BASELINE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;

/**
 * Encodes YUV 4:2:0 pictures of one size for real-time delivery: VP8 through libvpx (realtime deadline, no
 * look-ahead, error resilient) or H.264 through OpenH264 (Constrained Baseline, no B-frames). One picture in is
 * one frame out, so the RTP timestamp given with the picture is the frame's. Keyframes come on request
 * ({@link #forceKeyframe()}) plus a safety interval.
 *
 * <p>H.264 output is Annex B with SPS and PPS in front of every IDR (no global header), so a receiver that
 * joins at any keyframe can decode. One instance per (codec, size), used from one thread at a time.
 */
public final class VideoEncoder implements AutoCloseable {
    private final VideoCodec codec;
    private final VideoEncoderSettings settings;
    private final AVCodecContext context;
    private final AVPacket packet;
    private final PacketReader packetReader;
    private final EncodedFrame output;
    private byte[] scratch = new byte[64 * 1024];
    private boolean keyframeRequested = true;
    private long pts;
    private long framesEncoded;
    private long keyframesEncoded;
    private long failures;
    private boolean closed;

    VideoEncoder(VideoCodec codec, VideoEncoderSettings settings) {
        NativeCodecs.load();
        this.codec = codec;
        this.settings = settings;
        String name = codec == VideoCodec.VP8 ? "libvpx" : "libopenh264";
        AVCodec encoder = avcodec_find_encoder_by_name(name);
        if (encoder == null) {
            throw new IllegalStateException("FFmpeg build lacks the " + name + " encoder");
        }
        context = avcodec_alloc_context3(encoder);
        packet = av_packet_alloc();
        try {
            if (context == null || packet == null) {
                throw new IllegalStateException("out of native memory for a " + codec + " encoder");
            }
            configure();
            int ret = avcodec_open2(context, encoder, (AVDictionary) null);
            if (ret < 0) {
                throw new IllegalStateException("opening " + name + ": " + NativeCodecs.describe(ret));
            }
        } catch (RuntimeException e) {
            NativeCodecs.free(context, packet, null);
            throw e;
        }
        packetReader = new PacketReader(packet);
        output = new EncodedFrame(codec, 64 * 1024);
        NativeCodecs.opened();
    }

    private void configure() {
        context.width(settings.width()).height(settings.height()).pix_fmt(AV_PIX_FMT_YUV420P);
        try (AVRational timeBase = new AVRational().num(1).den(settings.fps());
                AVRational frameRate = new AVRational().num(settings.fps()).den(1)) {
            context.time_base(timeBase);
            context.framerate(frameRate);
        }
        context.bit_rate(settings.bitrate());
        context.max_b_frames(0);
        context.gop_size(settings.fps() * settings.keyframeIntervalSeconds());
        // One thread per encoder: the room's clock threads are the parallelism, and latency stays fixed.
        context.thread_count(1);
        if (codec == VideoCodec.VP8) {
            check(av_opt_set(context.priv_data(), "deadline", "realtime", 0), "vp8 deadline");
            check(av_opt_set(context.priv_data(), "cpu-used", Integer.toString(settings.vp8CpuUsed()), 0),
                    "vp8 cpu-used");
            check(av_opt_set(context.priv_data(), "lag-in-frames", "0", 0), "vp8 lag-in-frames");
            // Error resilient mode lets a receiver decode on after a lost inter frame (libvpx VPX_ERROR_RESILIENT_DEFAULT).
            check(av_opt_set(context.priv_data(), "error-resilient", "default", 0), "vp8 error-resilient");
        } else {
            context.profile(AV_PROFILE_H264_CONSTRAINED_BASELINE);
            // Bitrate mode holds the tier's rate; frame skipping would leave receivers with gaps. Both set
            // explicitly, or OpenH264 warns about them on every open.
            check(av_opt_set(context.priv_data(), "rc_mode", "bitrate", 0), "openh264 rc_mode");
            check(av_opt_set(context.priv_data(), "allow_skip_frames", "0", 0), "openh264 allow_skip_frames");
        }
    }

    public VideoCodec codec() {
        return codec;
    }

    public VideoEncoderSettings settings() {
        return settings;
    }

    /** Makes the next encoded frame a keyframe. */
    public void forceKeyframe() {
        keyframeRequested = true;
    }

    /**
     * Encodes one picture of the configured size and format.
     *
     * @return the encoded frame, reused by this encoder (valid until its next call), or null if the encoder
     *     produced nothing for this picture or failed (counted in {@link #failures()})
     */
    public EncodedFrame encode(AVFrame picture, long rtpTimestamp) {
        if (closed || picture.width() != settings.width() || picture.height() != settings.height()
                || picture.format() != AV_PIX_FMT_YUV420P) {
            failures++;
            return null;
        }
        picture.pts(pts++);
        // Both wrappers turn an I picture type into a forced keyframe (VPX_EFLAG_FORCE_KF, ForceIntraFrame).
        picture.pict_type(keyframeRequested ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        int ret = avcodec_send_frame(context, picture);
        picture.pict_type(AV_PICTURE_TYPE_NONE);
        if (ret < 0) {
            failures++;
            return null;
        }
        ret = avcodec_receive_packet(context, packet);
        if (ret < 0) {
            if (ret != NativeCodecs.AVERROR_EAGAIN) {
                failures++;
            }
            return null;
        }
        boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
        int size = packet.size();
        if (size > scratch.length) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        packetReader.copy(size, scratch, 0);
        av_packet_unref(packet);
        output.reset(rtpTimestamp, key);
        output.append(scratch, 0, size);
        framesEncoded++;
        if (key) {
            keyframesEncoded++;
            keyframeRequested = false;
        }
        return output;
    }

    public long framesEncoded() {
        return framesEncoded;
    }

    public long keyframesEncoded() {
        return keyframesEncoded;
    }

    public long failures() {
        return failures;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        NativeCodecs.free(context, packet, null);
        packetReader.close();
        NativeCodecs.closed();
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + ": " + NativeCodecs.describe(ret));
        }
    }
}
