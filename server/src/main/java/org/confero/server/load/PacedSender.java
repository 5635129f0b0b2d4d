package org.confero.server.load;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load tool's only sending thread: every 20 ms it sends the next packet of every participant, on one common
 * frame clock. A tick that starts late is still sent (a real phone's packets are late too), but more than
 * {@link #MAX_CATCH_UP} frames behind, the clock skips ahead and counts the frames it skipped.
 */
final class PacedSender implements AutoCloseable {
    static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int MAX_CATCH_UP = 5;
    private final List<LoadPeer> peers = new CopyOnWriteArrayList<>();
    private final SendBuffers buffers = new SendBuffers();
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;
    private final MeasureWindow window;
    private volatile long skippedFrames;
    private volatile long lateTicks;
    private volatile long skippedInWindow;
    private volatile long stallPeriodFrames;
    private volatile long stallNanos;

    PacedSender(MeasureWindow window) {
        this.window = window;
        thread = new Thread(this::run, "load-tx");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    void add(LoadPeer peer) {
        peers.add(peer);
    }

    void remove(LoadPeer peer) {
        peers.remove(peer);
    }

    long skippedFrames() {
        return skippedFrames;
    }

    /** Frames skipped while measuring: talkers that fell silent because the tool, not the server, stalled. */
    long skippedInWindow() {
        return skippedInWindow;
    }

    long lateTicks() {
        return lateTicks;
    }

    /**
     * Makes the sending thread pause for {@code nanos} every {@code periodFrames} frames while measuring, as a
     * process stalled by a loaded machine does: for tests that need a stall without loading the machine.
     */
    void stallWhileMeasuring(long periodFrames, long nanos) {
        stallNanos = nanos;
        stallPeriodFrames = periodFrames;
    }

    long threadId() {
        return thread.getId();
    }

    private void run() {
        long frame = 0;
        while (running) {
            long due = startNanos + frame * FRAME_NANOS;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            if (-wait > FRAME_NANOS) {
                lateTicks++;
            }
            long behind = -wait / FRAME_NANOS;
            if (behind > MAX_CATCH_UP) {
                skippedFrames += behind;
                if (window.contains(System.nanoTime())) {
                    skippedInWindow += behind;
                }
                frame += behind;
            }
            for (LoadPeer p : peers) {
                p.sendFrame(frame, buffers);
            }
            long period = stallPeriodFrames;
            if (period > 0 && frame % period == 0 && window.contains(System.nanoTime())) {
                LockSupport.parkNanos(stallNanos);
            }
            frame++;
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
