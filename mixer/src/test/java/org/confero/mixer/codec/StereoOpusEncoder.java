package org.confero.mixer.codec;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.ShortPointer;

/** A browser-like stereo Opus sender, for tests of the mono decode path. */
final class StereoOpusEncoder implements AutoCloseable {
    private final AVCodecContext context;
    private final AVFrame frame = av_frame_alloc();
    private final AVPacket packet = av_packet_alloc();
    private final short[] interleaved = new short[2 * AudioCodec.MIX_FRAME_SAMPLES];

    StereoOpusEncoder() {
        NativeCodecs.load();
        AVCodec codec = avcodec_find_encoder_by_name("libopus");
        context = avcodec_alloc_context3(codec);
        context.sample_fmt(AV_SAMPLE_FMT_S16).sample_rate(48_000).bit_rate(64_000);
        av_channel_layout_default(context.ch_layout(), 2);
        if (avcodec_open2(context, codec, (AVDictionary) null) < 0) {
            throw new IllegalStateException("stereo libopus");
        }
        frame.format(AV_SAMPLE_FMT_S16).sample_rate(48_000).nb_samples(AudioCodec.MIX_FRAME_SAMPLES);
        av_channel_layout_default(frame.ch_layout(), 2);
        av_frame_get_buffer(frame, 0);
    }

    int encode(short[] left, short[] right, byte[] out) {
        for (int i = 0; i < left.length; i++) {
            interleaved[2 * i] = left[i];
            interleaved[2 * i + 1] = right[i];
        }
        new ShortPointer(frame.data(0)).put(interleaved, 0, interleaved.length);
        if (avcodec_send_frame(context, frame) < 0 || avcodec_receive_packet(context, packet) < 0) {
            throw new IllegalStateException("stereo encode");
        }
        int size = packet.size();
        packet.data().get(out, 0, size);
        av_packet_unref(packet);
        return size;
    }

    @Override
    public void close() {
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(context);
    }
}
