package org.confero.server.sip;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that join new calls to their rooms and answer them, off the stack's request thread: the stack
 * delivers a CANCEL only after its INVITE's handler has returned, so a handler that joined and answered itself
 * could never be cancelled. The queue is bounded; a full queue means the server is behind on call setup, and the
 * INVITE is refused with 503 (RFC 3261 §21.5.4) rather than queued to be answered after its caller gave up.
 */
final class CallSetupPool implements AutoCloseable {
    static final int THREADS = 4;
    static final int QUEUE = 64;

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

    /** True when no setup could be queued now: new INVITEs are refused before any work. */
    boolean full() {
        return executor.getQueue().remainingCapacity() == 0;
    }

    /** A call's setup; {@link #refuse()} answers its INVITE when the pool closes before the setup ran. */
    interface Setup extends Runnable {
        void refuse();
    }

    /** Queues a setup; throws {@link RejectedExecutionException} when the queue is full or the pool closed. */
    void submit(Setup setup) {
        executor.execute(setup);
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
            ((Setup) setup).refuse(); // not started: nothing to undo, only the INVITE to answer
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
