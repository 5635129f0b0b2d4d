package org.confero.mixer.codec;

/**
 * A planar YUV 4:2:0 picture in native memory, read by address so the compositor's per-frame path creates no
 * Java objects (JavaCPP's {@code frame.data(i)} wraps each plane in a new pointer object).
 */
public interface YuvPlanes {
    int width();

    int height();

    /** FFmpeg pixel format: {@code AV_PIX_FMT_YUV420P} (or the full-range {@code YUVJ420P} a decoder may report). */
    int pixelFormat();

    /** Native address of plane 0 (Y), 1 (U) or 2 (V). */
    long planeAddress(int plane);

    /** Bytes from one row of the plane to the next. */
    int linesize(int plane);
}
