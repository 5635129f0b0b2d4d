package org.confero.mixer.audio;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.confero.mixer.codec.AudioCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared 20 ms clock that ticks every room's mixer. A small pool (one thread per core by default) runs
 * each registered room at a fixed rate; a room is never ticked by two threads at once (a fixed-rate task does
 * not overlap itself). Exceptions are caught, logged and counted per room so one broken room never stops the
 * clock or another room; ticks longer than the 20 ms budget are counted as overruns.
 */
public final class MixClock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MixClock.class);
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(AudioCodec.FRAME_MILLIS);

    private final ScheduledExecutorService executor;
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile LongConsumer tickObserver = nanos -> {};

    public MixClock() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public MixClock(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a mix clock needs at least one thread, was " + threads);
        }
        executor = Executors.newScheduledThreadPool(threads, new MixThreads());
    }

    /** Ticks {@code room} every 20 ms until the returned registration is closed or the clock stops. */
    public Registration register(String roomId, Runnable room) {
        TickTask task = new TickTask(roomId, room);
        ScheduledFuture<?> future = executor.scheduleAtFixedRate(task, 0, PERIOD_NANOS, TimeUnit.NANOSECONDS);
        LOG.info("room {} registered on the mix clock", roomId);
        return new Registration(roomId, future);
    }

    /** Convenience for the usual case: {@code register(mixer.roomId(), mixer::tick)}. */
    public Registration register(AudioMixer mixer) {
        return register(mixer.roomId(), mixer::tick);
    }

    /** {@code observer} gets every room tick's duration in nanoseconds, on the tick's thread; it must not block. */
    public void observeTicks(LongConsumer observer) {
        this.tickObserver = java.util.Objects.requireNonNull(observer, "observer");
    }

    public long ticks() {
        return ticks.get();
    }

    /** Ticks that took longer than their 20 ms period. */
    public long overruns() {
        return overruns.get();
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
                LOG.warn("mix clock threads did not stop within a second");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isStopped() {
        return executor.isTerminated();
    }

    /** A room's place on the clock; closing it stops that room's ticks only. */
    public static final class Registration implements AutoCloseable {
        private final String roomId;
        private final ScheduledFuture<?> future;

        private Registration(String roomId, ScheduledFuture<?> future) {
            this.roomId = roomId;
            this.future = future;
        }

        @Override
        public void close() {
            if (future.cancel(false)) {
                LOG.info("room {} left the mix clock", roomId);
            }
        }
    }

    private final class TickTask implements Runnable {
        private final String roomId;
        private final Runnable room;
        private long roomFailures;

        TickTask(String roomId, Runnable room) {
            this.roomId = roomId;
            this.room = room;
        }

        @Override
        public void run() {
            long started = System.nanoTime();
            try {
                room.run();
            } catch (Throwable e) {
                // A fixed-rate task that throws is never run again: catching everything keeps the room alive.
                failures.incrementAndGet();
                if (roomFailures++ % 500 == 0) { // once, then every 10 s: a broken room must not flood the log
                    LOG.error("room {} mixer tick failed ({} times)", roomId, roomFailures, e);
                }
            }
            ticks.incrementAndGet();
            long took = System.nanoTime() - started;
            tickObserver.accept(took);
            if (took > PERIOD_NANOS) {
                overruns.incrementAndGet();
                LOG.debug("room {} tick overran: {} µs", roomId, took / 1000);
            }
        }
    }

    private static final class MixThreads implements ThreadFactory {
        private static final AtomicInteger POOLS = new AtomicInteger();
        private final int pool = POOLS.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread thread = new Thread(r, "confero-mix-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY);
            return thread;
        }
    }
}
