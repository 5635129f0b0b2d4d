package org.confero.mixer.codec;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The latest picture of one source, handed from its decode worker to the compositor. Both sides only move
 * reference counts under the lock ({@code av_frame_ref}, never a pixel copy, never a decode or a scale), so
 * the lock is held for microseconds. Counted as one open context; {@link #close()} from any thread.
 */
public final class SharedPicture implements AutoCloseable {
    private final Object lock = new Object();
    private final AVFrame slot;
    private boolean present;
    private long generation;
    private boolean closed;

    public SharedPicture() {
        NativeCodecs.load();
        slot = av_frame_alloc();
        if (slot == null) {
            throw new IllegalStateException("out of native memory for a shared picture");
        }
        NativeCodecs.opened();
    }

    /** Replaces the shared picture by a new reference to {@code picture}'s buffers (the caller keeps its own). */
    public void publish(AVFrame picture) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            av_frame_unref(slot);
            present = av_frame_ref(slot, picture) >= 0;
            generation++;
        }
    }

    /** Forgets the picture (camera turned off); readers holding a reference keep theirs. */
    public void clear() {
        synchronized (lock) {
            if (!closed) {
                av_frame_unref(slot);
                present = false;
            }
        }
    }

    /** Makes {@code into} hold the current picture; false (and {@code into} empty) when there is none. */
    public boolean take(PictureRef into) {
        into.release();
        synchronized (lock) {
            if (closed || !present) {
                return false;
            }
            into.held = av_frame_ref(into.frame, slot) >= 0;
            return into.held;
        }
    }

    /** Pictures published so far. */
    public long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            present = false;
            av_frame_free(slot);
        }
        NativeCodecs.closed();
    }
}
