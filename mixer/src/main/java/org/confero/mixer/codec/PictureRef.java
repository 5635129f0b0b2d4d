package org.confero.mixer.codec;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A reader's hold on a decoded picture: an AVFrame struct of its own that takes a reference to a
 * {@link SharedPicture}'s buffers for the duration of one scale, so the decoder can move on (and the source can
 * even be removed) meanwhile. Counted as one open context; used from one thread.
 */
public final class PictureRef implements YuvPlanes, AutoCloseable {
    final AVFrame frame;
    private final FrameWords words;
    boolean held;
    private boolean closed;

    public PictureRef() {
        NativeCodecs.load();
        frame = av_frame_alloc();
        if (frame == null) {
            throw new IllegalStateException("out of native memory for a picture reference");
        }
        words = new FrameWords(frame);
        NativeCodecs.opened();
    }

    /** True while this holds a picture (after a successful {@link SharedPicture#take}). */
    public boolean held() {
        return held;
    }

    /** Drops the reference; the buffers are freed when their last holder lets go. */
    public void release() {
        if (held) {
            av_frame_unref(frame);
            held = false;
        }
    }

    @Override
    public int width() {
        return frame.width();
    }

    @Override
    public int height() {
        return frame.height();
    }

    @Override
    public int pixelFormat() {
        return frame.format();
    }

    @Override
    public long planeAddress(int plane) {
        return words.plane(plane);
    }

    @Override
    public int linesize(int plane) {
        return words.linesize(plane);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
        av_frame_free(frame);
        NativeCodecs.closed();
    }
}
