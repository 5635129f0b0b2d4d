package org.confero.server.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.confero.mixer.audio.MixTap;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.RecordingWriter;
import org.confero.mixer.video.EncodedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording of a room's mix, and of its composite video when the room had video at the start (WebM). The
 * mixer's tick and the compositor only copy a frame into a buffer from a fixed pool and queue it; a writer thread
 * of its own encodes and writes. When the writer falls behind by the whole pool, frames are dropped and counted
 * rather than a media thread waiting (video then resumes at the next keyframe). The file is written as
 * {@code .part} and renamed when done.
 */
final class RoomRecorder implements MixTap {
    private static final Logger LOG = LoggerFactory.getLogger(RoomRecorder.class);
    /** Five seconds of mix: the writer may stall this long (a slow disk) before frames are lost. */
    static final int QUEUE_FRAMES = 250;
    /** About five seconds of composite at its usual 25-30 frames per second. */
    static final int QUEUE_VIDEO_FRAMES = 128;

    /** One video frame in flight; its array grows only for a larger frame than any before. */
    private static final class VideoItem {
        byte[] data = new byte[16 * 1024];
        int length;
        long micros;
        boolean keyframe;
    }

    private final String roomId;
    private final Path target;
    private final Path partial;
    private final BlockingQueue<short[]> free = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final BlockingQueue<short[]> full = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final AtomicLong dropped;
    private final int[] videoSize;
    private final BlockingQueue<VideoItem> freeVideo;
    private final BlockingQueue<VideoItem> fullVideo;
    private volatile long startNanos;
    /** Compositor thread only: after a dropped frame, frames wait for the next keyframe. */
    private boolean videoNeedsKeyframe;
    private final Thread writer;
    private volatile boolean stopping;
    private volatile long framesWritten;

    /** @param videoSize width and height of the composite to record, or null for audio only */
    RoomRecorder(String roomId, Path target, AtomicLong droppedCounter, int[] videoSize) {
        this.roomId = roomId;
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".part");
        this.dropped = droppedCounter;
        this.videoSize = videoSize;
        this.freeVideo = new ArrayBlockingQueue<>(videoSize == null ? 1 : QUEUE_VIDEO_FRAMES);
        this.fullVideo = new ArrayBlockingQueue<>(videoSize == null ? 1 : QUEUE_VIDEO_FRAMES);
        for (int i = 0; videoSize != null && i < QUEUE_VIDEO_FRAMES; i++) {
            freeVideo.add(new VideoItem());
        }
        for (int i = 0; i < QUEUE_FRAMES; i++) {
            free.add(new short[AudioCodec.MIX_FRAME_SAMPLES]);
        }
        this.writer = new Thread(this::writeLoop, "recording-" + roomId);
        this.writer.setDaemon(true);
    }

    Path target() {
        return target;
    }

    long framesWritten() {
        return framesWritten;
    }

    void start() {
        writer.start();
    }

    /** On the mixer's thread: copy and queue, never wait. */
    @Override
    public void mixed(short[] frame) {
        if (stopping) {
            return;
        }
        if (startNanos == 0) {
            startNanos = System.nanoTime();
        }
        short[] buffer = free.poll();
        if (buffer == null) {
            dropped.incrementAndGet();
            return;
        }
        System.arraycopy(frame, 0, buffer, 0, AudioCodec.MIX_FRAME_SAMPLES);
        full.offer(buffer);
    }

    /** On the compositor's thread: copy and queue one VP8 frame of the composite, never wait. */
    void video(EncodedFrame frame) {
        long start = startNanos;
        if (stopping || start == 0) {
            return; // the audio clock has not started: nothing to place the frame against
        }
        if (videoNeedsKeyframe && !frame.keyframe()) {
            return;
        }
        VideoItem item = freeVideo.poll();
        if (item == null) {
            dropped.incrementAndGet();
            videoNeedsKeyframe = true;
            return;
        }
        videoNeedsKeyframe = false;
        if (item.data.length < frame.length()) {
            item.data = new byte[frame.length()];
        }
        System.arraycopy(frame.data(), 0, item.data, 0, frame.length());
        item.length = frame.length();
        item.micros = (System.nanoTime() - start) / 1000;
        item.keyframe = frame.keyframe();
        fullVideo.offer(item);
    }

    /** Writes what is queued, closes the file and waits (bounded) for the writer to finish. */
    void stop() {
        stopping = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("recording writer of room={} did not finish in 10 s", roomId);
            writer.interrupt();
        }
    }

    private void writeLoop() {
        try (RecordingWriter out = videoSize == null ? RecordingWriter.oggOpus(partial)
                : RecordingWriter.webm(partial, videoSize[0], videoSize[1])) {
            while (!stopping || !full.isEmpty() || !fullVideo.isEmpty()) {
                short[] frame = full.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    out.write(frame);
                    free.offer(frame);
                    framesWritten = out.frames();
                }
                for (VideoItem item = fullVideo.poll(); item != null; item = fullVideo.poll()) {
                    out.writeVideo(item.data, item.length, item.micros, item.keyframe);
                    freeVideo.offer(item);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("recording of room={} failed: {}", roomId, e.toString());
        }
        try {
            if (Files.exists(partial)) {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
            LOG.info("recording finished room={} file={} seconds={}", roomId, target.getFileName(),
                    framesWritten / 50);
        } catch (IOException e) {
            LOG.warn("recording of room={} not renamed: {}", roomId, e.toString());
        }
    }
}
