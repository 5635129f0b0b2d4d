package org.confero.mixer.codec;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import java.util.Arrays;

import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A YUV 4:2:0 picture this object owns (a compositor canvas, or a tier's downscaled copy), with the little
 * drawing the compositor needs: solid rectangles and grey overlays (text). Rectangles are clipped to the picture
 * and snapped to even coordinates, so chroma stays aligned. Used from one thread at a time.
 */
public final class YuvImage implements YuvPlanes, AutoCloseable {
    private static final int ALIGN = 32;

    private final int width;
    private final int height;
    private final AVFrame frame;
    private final FrameWords words;
    private final NativeRows rows = new NativeRows();
    private final byte[] row;
    private final byte[] blendRow;
    private boolean closed;

    public YuvImage(int width, int height) {
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("unsupported picture size " + width + "x" + height);
        }
        NativeCodecs.load();
        this.width = width;
        this.height = height;
        frame = av_frame_alloc();
        if (frame == null) {
            rows.close();
            throw new IllegalStateException("out of native memory for a picture");
        }
        frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
        int ret = av_frame_get_buffer(frame, ALIGN);
        if (ret < 0) {
            av_frame_free(frame);
            rows.close();
            throw new IllegalStateException("picture buffer: " + NativeCodecs.describe(ret));
        }
        words = new FrameWords(frame);
        row = new byte[width];
        blendRow = new byte[width];
        NativeCodecs.opened();
        fill(0, 0, width, height, 16, 128, 128);
    }

    /** The native frame, for an encoder or a scaler; owned by this image. */
    public AVFrame frame() {
        return frame;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int pixelFormat() {
        return AV_PIX_FMT_YUV420P;
    }

    @Override
    public long planeAddress(int plane) {
        return words.plane(plane);
    }

    @Override
    public int linesize(int plane) {
        return words.linesize(plane);
    }

    /**
     * Makes sure no one else (an encoder still holding a reference) reads the buffers before drawing; free when
     * this image holds the only reference, which is the steady state with our synchronous encoders.
     */
    public void makeWritable() {
        int ret = av_frame_make_writable(frame);
        if (ret < 0) {
            throw new IllegalStateException("picture not writable: " + NativeCodecs.describe(ret));
        }
    }

    /** Fills a rectangle with one colour (BT.601 limited-range Y, U, V). */
    public void fill(int x, int y, int w, int h, int yValue, int uValue, int vValue) {
        int x0 = Math.max(0, x) & ~1;
        int y0 = Math.max(0, y) & ~1;
        int x1 = Math.min(width, x + w + 1) & ~1;
        int y1 = Math.min(height, y + h + 1) & ~1;
        if (x1 <= x0 || y1 <= y0) {
            return;
        }
        fillPlane(0, x0, y0, x1 - x0, y1 - y0, yValue);
        fillPlane(1, x0 / 2, y0 / 2, (x1 - x0) / 2, (y1 - y0) / 2, uValue);
        fillPlane(2, x0 / 2, y0 / 2, (x1 - x0) / 2, (y1 - y0) / 2, vValue);
    }

    private void fillPlane(int plane, int x, int y, int w, int h, int value) {
        Arrays.fill(row, 0, w, (byte) value);
        long base = planeAddress(plane) + x;
        int stride = linesize(plane);
        for (int r = 0; r < h; r++) {
            rows.write(base + (long) (y + r) * stride, row, 0, w);
        }
    }

    /**
     * Draws a grey overlay with its top-left corner at (x, y), clipped to the picture. Chroma is pulled towards
     * neutral grey by the coverage of the top-left pixel of each 2×2 block.
     */
    public void draw(Overlay overlay, int x, int y) {
        int ox0 = Math.max(0, -x);
        int oy0 = Math.max(0, -y);
        int ox1 = Math.min(overlay.width(), width - x);
        int oy1 = Math.min(overlay.height(), height - y);
        if (ox1 <= ox0 || oy1 <= oy0) {
            return;
        }
        byte[] luma = overlay.luma();
        byte[] alpha = overlay.alpha();
        int w = ox1 - ox0;
        long yBase = planeAddress(0);
        int yStride = linesize(0);
        for (int oy = oy0; oy < oy1; oy++) {
            long address = yBase + (long) (y + oy) * yStride + x + ox0;
            rows.read(address, blendRow, 0, w);
            int at = oy * overlay.width() + ox0;
            for (int i = 0; i < w; i++) {
                int a = alpha[at + i] & 0xFF;
                if (a != 0) {
                    int target = 16 + (luma[at + i] & 0xFF) * 219 / 255;
                    blendRow[i] = (byte) (((blendRow[i] & 0xFF) * (255 - a) + target * a) / 255);
                }
            }
            rows.write(address, blendRow, 0, w);
        }
        for (int plane = 1; plane <= 2; plane++) {
            long base = planeAddress(plane);
            int stride = linesize(plane);
            int cx0 = (x + ox0 + 1) / 2;
            int cx1 = (x + ox1) / 2;
            int cy0 = (y + oy0 + 1) / 2;
            int cy1 = (y + oy1) / 2;
            if (cx1 <= cx0) {
                continue;
            }
            for (int cy = cy0; cy < cy1; cy++) {
                long address = base + (long) cy * stride + cx0;
                rows.read(address, blendRow, 0, cx1 - cx0);
                int oy = cy * 2 - y;
                for (int cx = cx0; cx < cx1; cx++) {
                    int a = alpha[oy * overlay.width() + cx * 2 - x] & 0xFF;
                    if (a != 0) {
                        int i = cx - cx0;
                        blendRow[i] = (byte) (((blendRow[i] & 0xFF) * (255 - a) + 128 * a) / 255);
                    }
                }
                rows.write(address, blendRow, 0, cx1 - cx0);
            }
        }
    }

    /** One sample of a plane (for tests and diagnostics; not for per-pixel work). */
    public int sample(int plane, int x, int y) {
        if (x < 0 || y < 0 || x >= (plane == 0 ? width : width / 2) || y >= (plane == 0 ? height : height / 2)) {
            throw new IndexOutOfBoundsException("(" + x + ", " + y + ") outside plane " + plane);
        }
        byte[] one = new byte[1];
        rows.read(planeAddress(plane) + (long) y * linesize(plane) + x, one, 0, 1);
        return one[0] & 0xFF;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_frame_free(frame);
        rows.close();
        NativeCodecs.closed();
    }
}
