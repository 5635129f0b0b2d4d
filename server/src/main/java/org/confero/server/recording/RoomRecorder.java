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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording of a room's mix. The mixer's tick only copies the frame into a buffer from a fixed pool and queues
 * it; a writer thread of its own encodes and writes. When the writer falls behind by the whole pool, frames are
 * dropped and counted rather than the tick waiting. The file is written as {@code .part} and renamed when done.
 */
final class RoomRecorder implements MixTap {
    private static final Logger LOG = LoggerFactory.getLogger(RoomRecorder.class);
    /** Five seconds of mix: the writer may stall this long (a slow disk) before frames are lost. */
    static final int QUEUE_FRAMES = 250;

    private final String roomId;
    private final Path target;
    private final Path partial;
    private final BlockingQueue<short[]> free = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final BlockingQueue<short[]> full = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final AtomicLong dropped;
    private final Thread writer;
    private volatile boolean stopping;
    private volatile long framesWritten;

    RoomRecorder(String roomId, Path target, AtomicLong droppedCounter) {
        this.roomId = roomId;
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".part");
        this.dropped = droppedCounter;
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
        short[] buffer = free.poll();
        if (buffer == null) {
            dropped.incrementAndGet();
            return;
        }
        System.arraycopy(frame, 0, buffer, 0, AudioCodec.MIX_FRAME_SAMPLES);
        full.offer(buffer);
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
        try (RecordingWriter out = RecordingWriter.oggOpus(partial)) {
            while (!stopping || !full.isEmpty()) {
                short[] frame = full.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    out.write(frame);
                    free.offer(frame);
                    framesWritten = out.frames();
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
