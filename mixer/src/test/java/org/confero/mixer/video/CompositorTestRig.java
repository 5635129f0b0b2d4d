package org.confero.mixer.video;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.confero.mixer.codec.CodecFactory;
import org.confero.mixer.codec.VideoDecoder;
import org.confero.mixer.codec.VideoTestPictures;

/** A compositor on a manual clock, sources fed with real encoded solid colours, and a decoding subscriber. */
final class CompositorTestRig implements AutoCloseable {
    final ManualClock clock = new ManualClock();
    final RoomCompositor room;

    CompositorTestRig() {
        this(CompositorConfig.DEFAULT);
    }

    CompositorTestRig(CompositorConfig config) {
        room = new RoomCompositor("test-room", config, null, clock);
    }

    /** Adds a source and gives it one picture of a solid colour (a real keyframe of {@code codec}). */
    VideoSource addColour(String id, String name, VideoCodec codec, int[] yuv) {
        VideoSource source = room.addSource(id, name);
        feed(source, codec, yuv);
        return source;
    }

    static void feed(VideoSource source, VideoCodec codec, int[] yuv) {
        for (EncodedFrame frame : VideoTestPictures.solidFrames(codec, 640, 360, yuv, 1)) {
            source.onFrame(frame);
        }
    }

    /** Ticks {@code count} times, one frame period apart. */
    void run(int count) {
        for (int i = 0; i < count; i++) {
            room.tick();
            clock.advanceMillis(33);
        }
    }

    @Override
    public void close() {
        room.close();
    }

    /** A subscriber that decodes what it receives, as a receiver would. */
    static final class Receiver implements EncodedFrameListener, AutoCloseable {
        final VideoDecoder decoder;
        final List<Long> keyframeTimes = new ArrayList<>();
        private final ManualClock clock;
        int frames;
        int keyframes;
        VideoDecoder.Result last;

        Receiver(VideoCodec codec, ManualClock clock) {
            this.decoder = CodecFactory.videoDecoder(codec);
            this.clock = clock;
        }

        @Override
        public void onFrame(Tier tier, EncodedFrame frame) {
            frames++;
            if (frame.keyframe()) {
                keyframes++;
                keyframeTimes.add(clock.getAsLong());
            }
            last = decoder.decode(frame);
        }

        AVFrame picture() {
            return decoder.picture();
        }

        int[] yuvAt(int x, int y) {
            return VideoTestPictures.yuvAt(decoder.picture(), x, y);
        }

        @Override
        public void close() {
            decoder.close();
        }
    }

    static final class ManualClock implements java.util.function.LongSupplier {
        private long nanos = 1_000_000_000L;

        void advanceMillis(long millis) {
            nanos += millis * 1_000_000L;
        }

        @Override
        public long getAsLong() {
            return nanos;
        }
    }
}
