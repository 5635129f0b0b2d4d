package org.confero.mixer.video;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared clock that ticks every room's compositor, like the audio {@code MixClock}: a small pool (one thread
 * per core by default) runs each room at its own fixed rate, and a room is never ticked by two threads at once
 * (a fixed-rate task does not overlap itself). Exceptions are caught and counted so one broken room never stops
 * the clock or another room.
 */
public final class VideoClock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoClock.class);

    private final ScheduledExecutorService executor;
    private final AtomicLong failures = new AtomicLong();

    public VideoClock() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public VideoClock(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a video clock needs at least one thread, was " + threads);
        }
        executor = Executors.newScheduledThreadPool(threads, new ClockThreads());
    }

    /** Runs {@code tick} every {@code periodNanos} until the returned future is cancelled or the clock stops. */
    ScheduledFuture<?> register(String roomId, long periodNanos, Runnable tick) {
        Runnable guarded = new Runnable() {
            private long roomFailures;

            @Override
            public void run() {
                try {
                    tick.run();
                } catch (RuntimeException | Error e) {
                    // A fixed-rate task that throws is never run again: catching keeps the room alive.
                    failures.incrementAndGet();
                    if (roomFailures++ % 300 == 0) {
                        LOG.error("room {} compositor tick failed ({} times)", roomId, roomFailures, e);
                    }
                }
            }
        };
        return executor.scheduleAtFixedRate(guarded, 0, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Ticks that threw. */
    public long failures() {
        return failures.get();
    }

    /** Stops every room's ticking and waits (up to a second) for running ticks to end. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.warn("video clock threads did not stop within a second");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class ClockThreads implements ThreadFactory {
        private static final AtomicInteger POOLS = new AtomicInteger();
        private final int pool = POOLS.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread thread = new Thread(r, "confero-video-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
