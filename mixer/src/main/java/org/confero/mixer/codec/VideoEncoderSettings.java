package org.confero.mixer.codec;

/**
 * How one video encoder runs.
 *
 * @param width picture width, even
 * @param height picture height, even
 * @param bitrate target bits per second
 * @param fps frames per second the caller feeds (the rate control's time base)
 * @param keyframeIntervalSeconds safety keyframe interval; keyframes otherwise come only on request
 * @param vp8CpuUsed libvpx {@code cpu-used} (-16..16; higher is faster, negative values fix the speed)
 */
public record VideoEncoderSettings(int width, int height, int bitrate, int fps, int keyframeIntervalSeconds,
        int vp8CpuUsed) {
    /**
     * A fixed speed: a positive value lets libvpx pick its own speed in real-time mode, which measured about twice
     * as slow here (VideoRoomCost: a 720p encode 14.2 ms at 8, 6.8 ms at -8).
     */
    public static final int DEFAULT_CPU_USED = -8;
    public static final int DEFAULT_KEYFRAME_INTERVAL_SECONDS = 10;

    public VideoEncoderSettings {
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0 || width > 1920 || height > 1088) {
            throw new IllegalArgumentException("unsupported encoder size " + width + "x" + height);
        }
        if (bitrate < 10_000 || fps < 1 || fps > 60 || keyframeIntervalSeconds < 1 || vp8CpuUsed < -16
                || vp8CpuUsed > 16) {
            throw new IllegalArgumentException("invalid encoder settings " + bitrate + " b/s " + fps + " fps "
                    + keyframeIntervalSeconds + " s cpu-used " + vp8CpuUsed);
        }
    }

    public static VideoEncoderSettings of(int width, int height, int bitrate, int fps) {
        return new VideoEncoderSettings(width, height, bitrate, fps, DEFAULT_KEYFRAME_INTERVAL_SECONDS,
                DEFAULT_CPU_USED);
    }

    public VideoEncoderSettings withCpuUsed(int cpuUsed) {
        return new VideoEncoderSettings(width, height, bitrate, fps, keyframeIntervalSeconds, cpuUsed);
    }
}
