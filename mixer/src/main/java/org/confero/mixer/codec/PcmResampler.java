package org.confero.mixer.codec;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc;
import static org.bytedeco.ffmpeg.global.swresample.swr_close;
import static org.bytedeco.ffmpeg.global.swresample.swr_config_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.ShortPointer;

/**
 * swresample converting any decoded or mixed PCM into signed 16-bit mono at a fixed rate, into one preallocated
 * output frame. It configures itself from the first input frame and reconfigures when the input changes (an Opus
 * stream switching from mono to stereo, for instance). Owned by one codec object, used from one thread.
 */
final class PcmResampler implements AutoCloseable {
    private final SwrContext swr;
    private final AVFrame out;
    private final ShortPointer outSamples;
    private final int capacity;
    private final short[] padScratch;
    private boolean closed;

    PcmResampler(int outRate, int capacity) {
        this.capacity = capacity;
        swr = swr_alloc();
        out = av_frame_alloc();
        if (swr == null || out == null) {
            freeNative();
            throw new IllegalStateException("out of native memory for a resampler");
        }
        out.format(AV_SAMPLE_FMT_S16);
        out.sample_rate(outRate);
        av_channel_layout_default(out.ch_layout(), 1);
        out.nb_samples(capacity);
        int ret = av_frame_get_buffer(out, 0);
        if (ret < 0) {
            freeNative();
            throw new IllegalStateException("resampler buffer: " + NativeCodecs.describe(ret));
        }
        // The buffer never moves while we own the frame, so one view over it serves every call.
        outSamples = new ShortPointer(out.data(0)).capacity(capacity);
        padScratch = new short[capacity];
    }

    /**
     * Converts {@code in} into the output frame.
     *
     * @param expected samples the caller must get out; when the filter's start-up delay leaves fewer (first
     *     frame only), the output is padded with leading silence so every frame keeps its 20 ms length
     * @return samples in {@link #output()}, or a negative FFmpeg error
     */
    int convert(AVFrame in, int expected) {
        int got = convertOnce(in, Math.min(expected, capacity));
        if (got < 0) {
            // RFC 7587 §3.4 lets an Opus stream change its channel count at any packet: reconfigure and retry.
            swr_close(swr);
            int ret = swr_config_frame(swr, out, in);
            if (ret >= 0) {
                ret = swr_init(swr);
            }
            if (ret < 0) {
                return ret;
            }
            got = convertOnce(in, Math.min(expected, capacity));
            if (got < 0) {
                return got;
            }
        }
        if (got < expected && expected <= capacity) {
            padFront(got, expected);
            got = expected;
            out.nb_samples(got);
        }
        return got;
    }

    private int convertOnce(AVFrame in, int room) {
        out.nb_samples(room);
        int ret = swr_convert_frame(swr, out, in);
        return ret < 0 ? ret : out.nb_samples();
    }

    private void padFront(int got, int expected) {
        int pad = expected - got;
        outSamples.get(padScratch, 0, got);
        System.arraycopy(padScratch, 0, padScratch, pad, got);
        java.util.Arrays.fill(padScratch, 0, pad, (short) 0);
        outSamples.put(padScratch, 0, expected);
    }

    /** The converted samples; valid until the next {@link #convert}. */
    ShortPointer output() {
        return outSamples;
    }

    /** The output frame, for handing straight to an encoder. */
    AVFrame outputFrame() {
        return out;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            freeNative();
        }
    }

    private void freeNative() {
        if (out != null) {
            av_frame_free(out);
        }
        if (swr != null) {
            swr_free(swr);
        }
    }
}
