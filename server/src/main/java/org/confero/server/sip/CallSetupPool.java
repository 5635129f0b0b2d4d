package org.confero.server.sip;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that join new calls to their rooms and answer them, off the stack's request thread: the stack
 * delivers a CANCEL only after its INVITE's handler has returned, so a handler that joined and answered itself
 * could never be cancelled. The queue is bounded in time and in count: when the oldest queued setup has waited
 * longer than {@link #MAX_WAIT_NANOS} the server is behind on call setup, and new INVITEs are refused with 503
 * (RFC 3261 §21.5.4) rather than queued to be answered after their callers gave up. A bound in time rather than
 * only in count: 64 queued setups were 0.3 s at 200 calls/s, so one stall of the machine (a collection, a busy
 * neighbour) refused calls that would have been answered a moment later.
 */
final class CallSetupPool implements AutoCloseable {
    static final int THREADS = 4;
    /** Setups queued at most, a memory bound; the wait bound refuses first at any rate below ~1,000 calls/s. */
    static final int QUEUE = 1024;
    /** The longest a setup may wait for a thread before new INVITEs are refused: a caller waits far longer. */
    static final long MAX_WAIT_NANOS = 1_000_000_000L;

    private final ThreadPoolExecutor executor;

    CallSetupPool(int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "confero-sip-setup-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /** True when no setup should be queued now (queue full, or its oldest waited too long): refuse before work. */
    boolean full() {
        if (executor.getQueue().remainingCapacity() == 0) {
            return true;
        }
        return executor.getQueue().peek() instanceof Queued oldest
                && System.nanoTime() - oldest.queuedAt() > MAX_WAIT_NANOS;
    }

    /** A call's setup; {@link #refuse()} answers its INVITE when the pool closes before the setup ran. */
    interface Setup extends Runnable {
        void refuse();
    }

    /** A setup with the time it was queued, so that the queue's wait can be read at its head. */
    private record Queued(Setup setup, long queuedAt) implements Runnable {
        @Override
        public void run() {
            setup.run();
        }
    }

    /** Queues a setup; throws {@link RejectedExecutionException} when the queue is full or the pool closed. */
    void submit(Setup setup) {
        executor.execute(new Queued(setup, System.nanoTime()));
    }

    /** Setups queued or running. */
    int backlog() {
        return executor.getQueue().size() + executor.getActiveCount();
    }

    /** Refuses the queued setups and waits, bounded, for the running ones (whose calls are then listed). */
    @Override
    public void close() {
        executor.shutdown();
        java.util.List<Runnable> queued = new java.util.ArrayList<>();
        executor.getQueue().drainTo(queued);
        for (Runnable setup : queued) {
            ((Queued) setup).setup().refuse(); // not started: nothing to undo, only the INVITE to answer
        }
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
