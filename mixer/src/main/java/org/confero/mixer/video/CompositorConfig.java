package org.confero.mixer.video;

import org.confero.mixer.codec.VideoEncoderSettings;

/**
 * How a room's compositor runs.
 *
 * @param width canvas width (the largest tier's), even
 * @param height canvas height, even
 * @param fps composed frames per second
 * @param stopTimeoutMillis a source without a new picture for this long shows its placeholder
 * @param speakerHoldMillis a new active speaker must hold the floor this long before the layout follows
 * @param keyframeMinIntervalMillis at most one keyframe per shared encoder in this interval
 * @param keyframeIntervalSeconds safety keyframe interval of the shared encoders
 * @param vp8CpuUsed libvpx speed of the VP8 encoders
 */
public record CompositorConfig(int width, int height, int fps, long stopTimeoutMillis, long speakerHoldMillis,
        long keyframeMinIntervalMillis, int keyframeIntervalSeconds, int vp8CpuUsed) {
    public static final CompositorConfig DEFAULT = new CompositorConfig(1280, 720, 30, 2000, 1000, 500,
            VideoEncoderSettings.DEFAULT_KEYFRAME_INTERVAL_SECONDS, VideoEncoderSettings.DEFAULT_CPU_USED);

    public CompositorConfig {
        if (width < 64 || height < 64 || width % 2 != 0 || height % 2 != 0 || width > 1920 || height > 1088) {
            throw new IllegalArgumentException("canvas " + width + "x" + height);
        }
        if (fps < 1 || fps > 60 || stopTimeoutMillis < 100 || speakerHoldMillis < 0 || keyframeMinIntervalMillis < 0
                || keyframeIntervalSeconds < 1) {
            throw new IllegalArgumentException("invalid compositor timing " + this);
        }
    }

    public CompositorConfig withFps(int newFps) {
        return new CompositorConfig(width, height, newFps, stopTimeoutMillis, speakerHoldMillis,
                keyframeMinIntervalMillis, keyframeIntervalSeconds, vp8CpuUsed);
    }

    public CompositorConfig withVp8CpuUsed(int cpuUsed) {
        return new CompositorConfig(width, height, fps, stopTimeoutMillis, speakerHoldMillis,
                keyframeMinIntervalMillis, keyframeIntervalSeconds, cpuUsed);
    }

    long periodNanos() {
        return 1_000_000_000L / fps;
    }
}
