package org.confero.mixer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.confero.mixer.codec.CodecFactory;
import org.confero.mixer.codec.FrameScaler;
import org.confero.mixer.codec.Overlay;
import org.confero.mixer.codec.VideoDecoder;
import org.confero.mixer.codec.VideoEncoder;
import org.confero.mixer.codec.VideoEncoderSettings;
import org.confero.mixer.codec.YuvImage;
import org.confero.mixer.video.CompositorConfig;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.RoomCompositor;
import org.confero.mixer.video.Tier;
import org.confero.mixer.video.VideoCodec;
import org.confero.mixer.video.VideoSource;

/**
 * The CPU cost of one composed video frame, measured with the thread's CPU clock (meaningful on a shared
 * machine), for a room of N 640×360 inputs composed into a 1280×720 grid:
 * <ul>
 * <li>{@code shared}: the room as built (decode N inputs, compose, encode 720p + 360p + 180p once each);</li>
 * <li>{@code perReceiver}: the same inputs and composition with one 720p encoder per receiver (N receivers);</li>
 * <li>{@code encode720}: the codec alone, one 720p encode of the composed picture.</li>
 * </ul>
 * Inputs are a panning textured picture pre-encoded with the same codec. Prints µs per frame and rooms per core
 * at the room's frame rate.
 *
 * <p>Arguments: codec (VP8|H264) inputs [frames] [vp8CpuUsed], e.g. {@code VP8 4 90 8}.
 */
public final class VideoRoomCost {
    private static final int FPS = 30;
    private static final int INPUT_FRAMES = 60;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private VideoRoomCost() {
    }

    public static void main(String[] args) {
        VideoCodec codec = VideoCodec.valueOf(args[0]);
        int inputs = Integer.parseInt(args[1]);
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 90;
        int cpuUsed = args.length > 3 ? Integer.parseInt(args[3]) : VideoEncoderSettings.DEFAULT_CPU_USED;
        List<List<EncodedFrame>> streams = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            streams.add(inputStream(codec, i, cpuUsed));
        }
        shared(codec, inputs, frames, cpuUsed, streams);
        perReceiver(codec, inputs, frames, cpuUsed, streams);
    }

    private static void shared(VideoCodec codec, int inputs, int frames, int cpuUsed, List<List<EncodedFrame>> streams) {
        long[] fakeTime = {0};
        LongSupplier clock = () -> fakeTime[0];
        CompositorConfig config = CompositorConfig.DEFAULT.withVp8CpuUsed(cpuUsed);
        try (RoomCompositor room = new RoomCompositor("bench", config, null, clock)) {
            List<VideoSource> sources = new ArrayList<>();
            for (int i = 0; i < inputs; i++) {
                sources.add(room.addSource("p" + i, "Participant " + i));
            }
            long[] bytes = {0};
            for (Tier tier : Tier.values()) {
                room.subscribe(codec, tier, (t, frame) -> bytes[0] += frame.length());
            }
            long decodeCpu = 0;
            long tickCpu = 0;
            long wallStart = 0;
            int warmup = Math.max(15, frames / 4);
            for (int f = 0; f < warmup + frames; f++) {
                if (f == warmup) {
                    decodeCpu = 0;
                    tickCpu = 0;
                    bytes[0] = 0;
                    wallStart = System.nanoTime();
                }
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < inputs; i++) {
                    sources.get(i).onFrame(streams.get(i).get(f % INPUT_FRAMES));
                }
                long t1 = THREADS.getCurrentThreadCpuTime();
                room.tick();
                long t2 = THREADS.getCurrentThreadCpuTime();
                decodeCpu += t1 - t0;
                tickCpu += t2 - t1;
                fakeTime[0] += 1_000_000_000L / FPS;
            }
            double wall = (System.nanoTime() - wallStart) / 1000.0 / frames;
            report("shared", codec, inputs, cpuUsed, (decodeCpu + tickCpu) / 1000.0 / frames,
                    String.format("decode=%.0fus composeAndEncode3Tiers=%.0fus wall=%.0fus kbps(3 tiers)=%.0f",
                            decodeCpu / 1000.0 / frames, tickCpu / 1000.0 / frames, wall,
                            bytes[0] * 8.0 * FPS / frames / 1000));
        }
    }

    private static void perReceiver(VideoCodec codec, int inputs, int frames, int cpuUsed,
            List<List<EncodedFrame>> streams) {
        List<VideoDecoder> decoders = new ArrayList<>();
        List<VideoEncoder> encoders = new ArrayList<>();
        VideoEncoderSettings hd = new VideoEncoderSettings(1280, 720, Tier.P720.bitrate(), FPS, 10, cpuUsed);
        try (YuvImage canvas = new YuvImage(1280, 720); FrameScaler scaler = new FrameScaler(8)) {
            for (int i = 0; i < inputs; i++) {
                decoders.add(CodecFactory.videoDecoder(codec));
                encoders.add(CodecFactory.videoEncoder(codec, hd));
            }
            int cols = inputs <= 1 ? 1 : inputs <= 4 ? 2 : inputs <= 9 ? 3 : 4;
            int rows = (inputs + cols - 1) / cols;
            int cellW = 1280 / cols & ~1;
            int cellH = 720 / rows & ~1;
            long composeCpu = 0;
            long encodeCpu = 0;
            long oneEncodeCpu = 0;
            int warmup = Math.max(15, frames / 4);
            for (int f = 0; f < warmup + frames; f++) {
                if (f == warmup) {
                    composeCpu = 0;
                    encodeCpu = 0;
                    oneEncodeCpu = 0;
                }
                long t0 = THREADS.getCurrentThreadCpuTime();
                canvas.makeWritable();
                canvas.fill(0, 0, 1280, 720, 16, 128, 128);
                for (int i = 0; i < inputs; i++) {
                    VideoDecoder decoder = decoders.get(i);
                    decoder.decode(streams.get(i).get(f % INPUT_FRAMES));
                    if (decoder.hasPicture()) {
                        int h = cellW * 9 / 16 & ~1;
                        scaler.scale(decoder.planes(), canvas, i % cols * cellW, i / cols * cellH + (cellH - h) / 2 & ~1,
                                cellW, Math.min(h, cellH));
                    }
                }
                long t1 = THREADS.getCurrentThreadCpuTime();
                for (VideoEncoder encoder : encoders) {
                    encoder.encode(canvas.frame(), f * 3000L);
                }
                long t2 = THREADS.getCurrentThreadCpuTime();
                composeCpu += t1 - t0;
                encodeCpu += t2 - t1;
                oneEncodeCpu += (t2 - t1) / encoders.size(); // every receiver's encoder encodes the same picture
            }
            report("perReceiver", codec, inputs, cpuUsed, (composeCpu + encodeCpu) / 1000.0 / frames,
                    String.format("receivers=%d decodeAndCompose=%.0fus encodes=%.0fus", inputs,
                            composeCpu / 1000.0 / frames, encodeCpu / 1000.0 / frames));
            report("encode720", codec, 0, cpuUsed, oneEncodeCpu / 1000.0 / frames,
                    String.format("framesPerCpuSecond=%.0f", 1e9 / (oneEncodeCpu / (double) frames)));
        } finally {
            decoders.forEach(VideoDecoder::close);
            encoders.forEach(VideoEncoder::close);
        }
    }

    private static void report(String scenario, VideoCodec codec, int inputs, int cpuUsed, double cpuMicros,
            String details) {
        double roomsPerCore = 1_000_000.0 / FPS / cpuMicros;
        System.out.printf("RESULT scenario=%s codec=%s inputs=%d cpuUsed=%d cpu=%.0fus roomsPerCoreAt%dfps=%.2f %s%n",
                scenario, codec, inputs, cpuUsed, cpuMicros, FPS, roomsPerCore, details);
    }

    /** A panning textured picture of 640×360, encoded like a camera at 600 kb/s. */
    private static List<EncodedFrame> inputStream(VideoCodec codec, int seed, int cpuUsed) {
        List<EncodedFrame> out = new ArrayList<>();
        Overlay texture = texture(seed);
        int[][] colours = {{81, 90, 240}, {145, 54, 34}, {41, 240, 110}, {210, 16, 146}, {106, 202, 222}};
        int[] c = colours[seed % colours.length];
        try (YuvImage picture = new YuvImage(640, 360);
                VideoEncoder encoder = CodecFactory.videoEncoder(codec,
                        new VideoEncoderSettings(640, 360, 600_000, FPS, 10, cpuUsed))) {
            for (int f = 0; f < INPUT_FRAMES; f++) {
                picture.fill(0, 0, 640, 360, c[0], c[1], c[2]);
                picture.draw(texture, -(f * 3 % 160), -(f * 2 % 140));
                picture.fill(100 + f * 4, 120, 80, 80, 235, 128, 128); // a moving box
                EncodedFrame frame = encoder.encode(picture.frame(), f * 3000L);
                EncodedFrame copy = new EncodedFrame(codec, frame.length());
                copy.reset(frame.rtpTimestamp(), frame.keyframe());
                copy.append(frame.data(), 0, frame.length());
                out.add(copy);
            }
        }
        return out;
    }

    private static Overlay texture(int seed) {
        int w = 800;
        int h = 500;
        byte[] luma = new byte[w * h];
        byte[] alpha = new byte[w * h];
        java.util.Random random = new java.util.Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 128 + 60 * Math.sin(x / 23.0 + seed) * Math.cos(y / 17.0) + random.nextInt(16);
                luma[y * w + x] = (byte) Math.max(0, Math.min(255, (int) v));
                alpha[y * w + x] = (byte) 160;
            }
        }
        return new Overlay(w, h, luma, alpha);
    }
}
