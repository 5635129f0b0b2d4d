package org.confero.mixer.codec;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Encodes 20 ms frames of 48 kHz mono (the mix) into one codec's RTP payloads. One instance per outgoing stream
 * (a talker's mix-minus or a room's shared listener mix), used from one thread at a time.
 *
 * <p>The codec context, input frame, resampler and packet are allocated once; {@link #encode} allocates no Java
 * buffers.
 */
public final class AudioEncoder implements AutoCloseable {
    public static final int ERROR = -1;
    /** The largest 20 ms payload any of our codecs produces (one Opus frame, RFC 6716 §3.2.1). */
    public static final int MAX_PAYLOAD = 1275;

    private final AudioCodec codec;
    private final AVCodecContext context;
    private final AVFrame mixFrame;
    private final ShortPointer mixSamples;
    private final AVPacket packet;
    private final PcmResampler resampler;
    private final PacketReader packetReader;
    private long pts;
    private long encoded;
    private long failed;
    private boolean closed;

    AudioEncoder(AudioCodec codec, OpusSettings opus) {
        NativeCodecs.load();
        this.codec = codec;
        AVCodec encoder = avcodec_find_encoder_by_name(encoderName(codec));
        if (encoder == null) {
            throw new IllegalStateException("FFmpeg build lacks the " + encoderName(codec) + " encoder");
        }
        context = avcodec_alloc_context3(encoder);
        mixFrame = av_frame_alloc();
        packet = av_packet_alloc();
        PcmResampler created = null;
        try {
            if (context == null || mixFrame == null || packet == null) {
                throw new IllegalStateException("out of native memory for a " + codec + " encoder");
            }
            configure(encoder, opus);
            mixFrame.format(AV_SAMPLE_FMT_S16).sample_rate(AudioCodec.MIX_RATE)
                    .nb_samples(AudioCodec.MIX_FRAME_SAMPLES);
            av_channel_layout_default(mixFrame.ch_layout(), 1);
            check(av_frame_get_buffer(mixFrame, 0), "input frame");
            if (codec.sampleRate() != AudioCodec.MIX_RATE) {
                created = new PcmResampler(codec.sampleRate(), codec.samplesPerFrame());
            }
        } catch (RuntimeException e) {
            NativeCodecs.free(context, packet, mixFrame);
            throw e;
        }
        resampler = created;
        packetReader = new PacketReader(packet);
        // Our reference keeps the buffer alive and in place, so one view serves every frame.
        mixSamples = new ShortPointer(mixFrame.data(0)).capacity(AudioCodec.MIX_FRAME_SAMPLES);
        NativeCodecs.opened();
    }

    private void configure(AVCodec encoder, OpusSettings opus) {
        context.sample_fmt(AV_SAMPLE_FMT_S16);
        context.sample_rate(codec.sampleRate());
        av_channel_layout_default(context.ch_layout(), 1);
        context.time_base(new AVRational().num(1).den(codec.sampleRate()));
        switch (codec) {
            case OPUS -> {
                context.bit_rate(opus.bitrate());
                context.compression_level(opus.complexity());
                context.cutoff(opus.maxBandwidth().cutoffHz());
                check(av_opt_set(context.priv_data(), "application", opus.application().libopusName(), 0),
                        "opus application");
                check(av_opt_set(context.priv_data(), "frame_duration", "20", 0), "opus frame duration");
            }
            case G722 -> context.bit_rate(64_000);
            case PCMU, PCMA -> context.bit_rate(64_000);
        }
        check(avcodec_open2(context, encoder, (AVDictionary) null), "opening " + codec + " encoder");
        if (context.frame_size() != 0 && context.frame_size() != codec.samplesPerFrame()) {
            throw new IllegalStateException(codec + " encoder wants frames of " + context.frame_size() + " samples");
        }
    }

    static String encoderName(AudioCodec codec) {
        return switch (codec) {
            case OPUS -> "libopus";
            case G722 -> "g722";
            case PCMU -> "pcm_mulaw";
            case PCMA -> "pcm_alaw";
        };
    }

    public AudioCodec codec() {
        return codec;
    }

    /**
     * Encodes one 20 ms frame ({@link AudioCodec#MIX_FRAME_SAMPLES} samples from {@code offset}).
     *
     * @return payload bytes written at {@code outOffset}, 0 if the codec buffered the frame without output, or
     *     {@link #ERROR}
     */
    public int encode(short[] in48kMono, int offset, byte[] out, int outOffset) {
        if (closed || offset < 0 || offset + AudioCodec.MIX_FRAME_SAMPLES > in48kMono.length) {
            failed++;
            return ERROR;
        }
        mixSamples.put(in48kMono, offset, AudioCodec.MIX_FRAME_SAMPLES);
        AVFrame toEncode = mixFrame;
        if (resampler != null) {
            if (resampler.convert(mixFrame, codec.samplesPerFrame()) != codec.samplesPerFrame()) {
                failed++;
                return ERROR;
            }
            toEncode = resampler.outputFrame();
        }
        toEncode.pts(pts);
        pts += codec.samplesPerFrame();
        if (avcodec_send_frame(context, toEncode) < 0) {
            failed++;
            return ERROR;
        }
        int ret = avcodec_receive_packet(context, packet);
        if (ret == NativeCodecs.AVERROR_EAGAIN) {
            return 0;
        }
        if (ret < 0) {
            failed++;
            return ERROR;
        }
        int size = packet.size();
        if (outOffset < 0 || outOffset + size > out.length) {
            av_packet_unref(packet);
            failed++;
            return ERROR;
        }
        packetReader.copy(size, out, outOffset);
        av_packet_unref(packet);
        encoded++;
        return size;
    }

    /**
     * Forgets the stream's history (Opus look-ahead and prediction), for an encoder that resumes after sitting
     * idle: the next frame then starts from silence instead of replaying audio from its last use. G.711 has no
     * state; FFmpeg's G.722 encoder cannot be flushed and re-adapts within a few milliseconds.
     */
    public void reset() {
        if (!closed && codec == AudioCodec.OPUS) {
            avcodec_flush_buffers(context);
        }
    }

    public long framesEncoded() {
        return encoded;
    }

    public long failures() {
        return failed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        NativeCodecs.free(context, packet, mixFrame);
        if (resampler != null) {
            resampler.close();
        }
        packetReader.close();
        NativeCodecs.closed();
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + ": " + NativeCodecs.describe(ret));
        }
    }
}
