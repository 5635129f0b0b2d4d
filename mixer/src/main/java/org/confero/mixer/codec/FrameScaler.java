package org.confero.mixer.codec;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.ffmpeg.swscale.SwsFilter;

/**
 * Scales YUV 4:2:0 pictures straight into a rectangle of a {@link YuvImage} (destination plane pointers offset
 * into it: no intermediate copy, no RGB). swscale contexts are cached per (source size, format, target size) in
 * a small table searched linearly, so the per-frame path allocates nothing; the least recently used is freed
 * when the table is full. Counts as one open context in {@link NativeCodecs}. Used from one thread at a time.
 */
public final class FrameScaler implements AutoCloseable {
    private final long[] keys;
    private final SwsContext[] contexts;
    private final long[] lastUse;
    private final PointerPointer<?> source = new PointerPointer<>(4);
    private final LongPointer sourceWords = new LongPointer(source);
    private final IntPointer sourceStrides = new IntPointer(4);
    private final PointerPointer<?> target = new PointerPointer<>(4);
    private final LongPointer targetWords = new LongPointer(target);
    private final IntPointer targetStrides = new IntPointer(4);
    private long uses;
    private long scaled;
    private long refused;
    private boolean closed;

    /** @param maxContexts distinct (source size → target size) pairs kept; one per tile shape in use is enough */
    public FrameScaler(int maxContexts) {
        if (maxContexts < 1 || maxContexts > 256) {
            throw new IllegalArgumentException("scaler cache of " + maxContexts);
        }
        NativeCodecs.load();
        keys = new long[maxContexts];
        contexts = new SwsContext[maxContexts];
        lastUse = new long[maxContexts];
        NativeCodecs.opened();
    }

    /** Scales the whole of {@code src} over the whole of {@code dst}. */
    public boolean scale(YuvPlanes src, YuvImage dst) {
        return scale(src, dst, 0, 0, dst.width(), dst.height());
    }

    /**
     * Scales the whole of {@code src} into the rectangle (x, y, w, h) of {@code dst}; x, y, w and h must be even
     * and inside {@code dst}. Returns false (counted) for a rectangle or source it refuses.
     */
    public boolean scale(YuvPlanes src, YuvImage dst, int x, int y, int w, int h) {
        int sw = src.width();
        int sh = src.height();
        int format = src.pixelFormat();
        if (closed || ((x | y | w | h) & 1) != 0 || x < 0 || y < 0 || w < 2 || h < 2 || x + w > dst.width()
                || y + h > dst.height() || sw < 2 || sh < 2 || sw > 4096 || sh > 4096
                || (format != AV_PIX_FMT_YUV420P && format != AV_PIX_FMT_YUVJ420P)) {
            refused++;
            return false;
        }
        SwsContext context = context(sw, sh, format, w, h);
        if (context == null) {
            refused++;
            return false;
        }
        for (int plane = 0; plane < 3; plane++) {
            int shift = plane == 0 ? 0 : 1;
            sourceWords.put(plane, src.planeAddress(plane));
            sourceStrides.put(plane, src.linesize(plane));
            int stride = dst.linesize(plane);
            targetWords.put(plane, dst.planeAddress(plane) + (long) (y >> shift) * stride + (x >> shift));
            targetStrides.put(plane, stride);
        }
        sws_scale(context, source, sourceStrides, 0, sh, target, targetStrides);
        scaled++;
        return true;
    }

    private SwsContext context(int sw, int sh, int format, int w, int h) {
        long key = (long) sw << 50 | (long) sh << 37 | (long) w << 24 | (long) h << 11 | (format & 0x7FF);
        uses++;
        int victim = 0;
        for (int i = 0; i < keys.length; i++) {
            if (contexts[i] != null && keys[i] == key) {
                lastUse[i] = uses;
                return contexts[i];
            }
            if (contexts[i] == null) {
                if (contexts[victim] != null) {
                    victim = i;
                }
            } else if (contexts[victim] != null && lastUse[i] < lastUse[victim]) {
                victim = i;
            }
        }
        if (contexts[victim] != null) {
            sws_freeContext(contexts[victim]);
            contexts[victim] = null;
        }
        SwsContext created = sws_getContext(sw, sh, format, w, h, AV_PIX_FMT_YUV420P, SWS_BILINEAR,
                (SwsFilter) null, (SwsFilter) null, (DoublePointer) null);
        if (created == null) {
            return null;
        }
        contexts[victim] = created;
        keys[victim] = key;
        lastUse[victim] = uses;
        return created;
    }

    /** swscale contexts currently cached. */
    public int cachedContexts() {
        int n = 0;
        for (SwsContext c : contexts) {
            if (c != null) {
                n++;
            }
        }
        return n;
    }

    public long picturesScaled() {
        return scaled;
    }

    public long refused() {
        return refused;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < contexts.length; i++) {
            if (contexts[i] != null) {
                sws_freeContext(contexts[i]);
                contexts[i] = null;
            }
        }
        source.close();
        sourceStrides.close();
        target.close();
        targetStrides.close();
        NativeCodecs.closed();
    }
}
