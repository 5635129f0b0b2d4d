package org.confero.mixer.audio;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that send every room's encoded frames to its participants, so that a tick only mixes and encodes
 * and never waits on thousands of sends, and so that no room's lock is held while they go out.
 *
 * <p>Each participant belongs to one lane for its whole stay, and a lane is one thread that runs its batches in
 * order: a participant's frames leave in tick order and its packetizer is never used by two threads at once.
 * A room places its participants on lanes in blocks of {@value #BLOCK}, so a small room costs one hand-over per
 * tick and a large one is spread over every lane. With no lanes ({@link #callerRuns()}) batches run on the
 * calling thread (single-threaded tools and tests).
 */
public final class FanOutLanes implements AutoCloseable {
    /** Participants of one room placed on the same lane before the next lane is used. */
    static final int BLOCK = 128;
    private static final Logger LOG = LoggerFactory.getLogger(FanOutLanes.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Lane[] lanes;
    private final AtomicInteger nextRoomLane = new AtomicInteger();
    private final LongAdder batches = new LongAdder();
    private final LongAdder lateBatches = new LongAdder();
    private final LongAdder droppedTicks = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /** @param threads lanes to run; 0 runs every batch on the thread that hands it over */
    public FanOutLanes(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("fan-out lanes must be 0 or more, was " + threads);
        }
        int pool = POOLS.incrementAndGet();
        lanes = new Lane[threads];
        for (int i = 0; i < threads; i++) {
            lanes[i] = new Lane("confero-fanout-" + pool + "-" + (i + 1));
        }
    }

    /** Batches run on the thread that hands them over: no threads, nothing to close. */
    public static FanOutLanes callerRuns() {
        return new FanOutLanes(0);
    }

    int laneCount() {
        return Math.max(1, lanes.length);
    }

    /** Where a new room's first block of participants goes: rooms start on different lanes. */
    int firstLaneOfRoom() {
        return Math.floorMod(nextRoomLane.getAndIncrement(), laneCount());
    }

    void submit(int lane, Runnable batch) {
        batches.increment();
        if (lanes.length == 0) {
            batch.run();
        } else {
            lanes[lane].queue.add(batch); // bounded by the rooms' frame rings, see TickFrames
        }
    }

    void countLate() {
        lateBatches.increment();
    }

    void countDroppedTick() {
        droppedTicks.increment();
    }

    void countFailure() {
        failures.increment();
    }

    /** Batches handed to lanes so far (one per lane a room's tick uses). */
    public long batches() {
        return batches.sum();
    }

    /** Batches whose last packet left more than one tick period after their tick began. */
    public long lateBatches() {
        return lateBatches.sum();
    }

    /** Room ticks whose frames were not sent because the lanes were still sending that room's older frames. */
    public long droppedTicks() {
        return droppedTicks.sum();
    }

    /** Batches that threw (a fault in a sink beyond its own handling). */
    public long failures() {
        return failures.sum();
    }

    /** Stops the lanes; queued batches are dropped. Idempotent. */
    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.thread.interrupt();
        }
        for (Lane lane : lanes) {
            try {
                lane.thread.join(TimeUnit.SECONDS.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Lane implements Runnable {
        final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        final Thread thread;

        Lane(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY);
            thread.start();
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                Runnable batch;
                try {
                    batch = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    batch.run();
                } catch (RuntimeException e) {
                    // a broken batch must not stop the lane that serves every other room
                    if (failures.sum() % 500 == 0) {
                        LOG.error("fan-out batch failed on {}", thread.getName(), e);
                    }
                    failures.increment();
                }
            }
        }
    }
}
