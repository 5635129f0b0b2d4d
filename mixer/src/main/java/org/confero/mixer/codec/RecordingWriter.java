package org.confero.mixer.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Writes a room's recording through FFmpeg: 20 ms frames of 48 kHz mono PCM encoded with libopus, in Ogg
 * ({@link #oggOpus}) or, with the room's composite VP8 frames copied as they are, in WebM ({@link #webm}).
 * Blocking file I/O: use it from a writer thread, never from a media tick. Not thread-safe.
 */
public final class RecordingWriter implements AutoCloseable {
    private static final int BITRATE = 48_000;
    /** Video timestamps are given in microseconds since the recording started. */
    private static final AVRational MICROSECONDS = new AVRational().num(1).den(1_000_000);

    private final Path file;
    private final AVCodecContext codec;
    private final AVFrame frame;
    private final AVPacket packet;
    private final ShortPointer samples;
    private AVFormatContext format;
    private AVStream stream;
    private AVStream videoStream;
    private AVPacket videoPacket;
    private boolean sawKeyframe;
    private long videoFrames;
    private long pts;
    private long frames;
    private boolean closed;

    /** Audio only, Opus in Ogg. */
    public static RecordingWriter oggOpus(Path file) {
        return new RecordingWriter(file, "ogg", 0, 0);
    }

    /** Opus audio and VP8 video of {@code width}×{@code height}, in WebM. */
    public static RecordingWriter webm(Path file, int width, int height) {
        return new RecordingWriter(file, "webm", width, height);
    }

    private RecordingWriter(Path file, String container, int width, int height) {
        NativeCodecs.load();
        this.file = file;
        AVCodec encoder = avcodec_find_encoder_by_name("libopus");
        if (encoder == null) {
            throw new IllegalStateException("FFmpeg build lacks the libopus encoder");
        }
        codec = avcodec_alloc_context3(encoder);
        frame = av_frame_alloc();
        packet = av_packet_alloc();
        if (codec == null || frame == null || packet == null) {
            NativeCodecs.free(codec, packet, frame);
            throw new IllegalStateException("out of native memory for a recording");
        }
        try {
            format = new AVFormatContext(null);
            check(avformat_alloc_output_context2(format, null, container, file.toString()), container + " muxer");
            codec.sample_fmt(AV_SAMPLE_FMT_S16);
            codec.sample_rate(AudioCodec.MIX_RATE);
            av_channel_layout_default(codec.ch_layout(), 1);
            codec.bit_rate(BITRATE);
            codec.time_base(new AVRational().num(1).den(AudioCodec.MIX_RATE));
            if ((format.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                codec.flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            check(av_opt_set(codec.priv_data(), "frame_duration", "20", 0), "opus frame duration");
            check(avcodec_open2(codec, encoder, (AVDictionary) null), "opening the Opus encoder");
            stream = avformat_new_stream(format, null);
            if (stream == null) {
                throw new IllegalStateException("no stream for the recording");
            }
            check(avcodec_parameters_from_context(stream.codecpar(), codec), "stream parameters");
            stream.time_base(codec.time_base());
            if (width > 0) {
                videoStream = avformat_new_stream(format, null);
                if (videoStream == null) {
                    throw new IllegalStateException("no video stream for the recording");
                }
                videoStream.codecpar().codec_type(AVMEDIA_TYPE_VIDEO).codec_id(AV_CODEC_ID_VP8).width(width)
                        .height(height);
                videoStream.time_base(MICROSECONDS);
                videoPacket = av_packet_alloc();
            }
            AVIOContext io = new AVIOContext(null);
            check(avio_open(io, file.toString(), AVIO_FLAG_WRITE), "opening " + file);
            format.pb(io);
            check(avformat_write_header(format, (AVDictionary) null), container + " header");
            frame.format(AV_SAMPLE_FMT_S16).sample_rate(AudioCodec.MIX_RATE).nb_samples(AudioCodec.MIX_FRAME_SAMPLES);
            av_channel_layout_default(frame.ch_layout(), 1);
            check(av_frame_get_buffer(frame, 0), "recording frame");
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        // Our reference keeps the buffer alive and in place (as in AudioEncoder): one view serves every frame.
        samples = new ShortPointer(frame.data(0)).capacity(AudioCodec.MIX_FRAME_SAMPLES);
        NativeCodecs.opened();
    }

    public Path file() {
        return file;
    }

    /** Video frames written so far (those before the first keyframe are skipped). */
    public long videoFrames() {
        return videoFrames;
    }

    /**
     * Writes one VP8 frame of the composite as it was encoded, {@code micros} after the recording started. Frames
     * before the first keyframe are skipped: a player could not show them.
     */
    public void writeVideo(byte[] data, int length, long micros, boolean keyframe) {
        if (closed || videoStream == null) {
            throw new IllegalStateException(closed ? "recording closed" : "recording has no video");
        }
        if (!sawKeyframe && !keyframe) {
            return;
        }
        sawKeyframe = true;
        check(av_new_packet(videoPacket, length), "video packet");
        videoPacket.data().put(data, 0, length);
        videoPacket.pts(micros);
        videoPacket.dts(micros);
        videoPacket.flags(keyframe ? AV_PKT_FLAG_KEY : 0);
        videoPacket.stream_index(videoStream.index());
        av_packet_rescale_ts(videoPacket, MICROSECONDS, videoStream.time_base());
        check(av_interleaved_write_frame(format, videoPacket), "writing " + file);
        videoFrames++;
    }

    /** Frames written so far (20 ms each). */
    public long frames() {
        return frames;
    }

    /** Encodes and writes one 20 ms frame of {@link AudioCodec#MIX_FRAME_SAMPLES} samples. */
    public void write(short[] pcm48kMono) {
        if (closed) {
            throw new IllegalStateException("recording closed");
        }
        samples.position(0).put(pcm48kMono, 0, AudioCodec.MIX_FRAME_SAMPLES);
        frame.pts(pts);
        pts += AudioCodec.MIX_FRAME_SAMPLES;
        check(avcodec_send_frame(codec, frame), "encoding");
        drain();
        frames++;
    }

    private void drain() {
        while (avcodec_receive_packet(codec, packet) == 0) {
            av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(av_interleaved_write_frame(format, packet), "writing " + file);
        }
    }

    /** Flushes the encoder, writes the Ogg trailer and closes the file; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            avcodec_send_frame(codec, null);
            drain();
            av_write_trailer(format);
        } finally {
            release();
            NativeCodecs.closed();
        }
    }

    private void release() {
        if (format != null) {
            if (format.pb() != null) {
                avio_closep(format.pb());
            }
            avformat_free_context(format);
            format = null;
        }
        NativeCodecs.free(codec, packet, frame);
        if (videoPacket != null) {
            org.bytedeco.ffmpeg.global.avcodec.av_packet_free(videoPacket);
            videoPacket = null;
        }
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + ": " + NativeCodecs.describe(ret));
        }
    }
}
