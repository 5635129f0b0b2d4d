package org.confero.server.conference;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one stream's work on a shared pool, never two runs at once and in order: a signal while a run is in
 * progress makes the run go round once more instead of queueing another task. So a busy stream costs one pool
 * task at a time, and the transport thread that signals never waits.
 */
final class SerialWorker {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int RUN_AGAIN = 2;

    private final Executor pool;
    private final Runnable work;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final java.util.concurrent.locks.ReentrantLock runLock = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean stopped;

    SerialWorker(Executor pool, Runnable work) {
        this.pool = pool;
        this.work = work;
    }

    /** Asks for a run soon; cheap and non-blocking, from any thread. */
    void signal() {
        while (!stopped) {
            int s = state.get();
            if (s == RUN_AGAIN) {
                return;
            }
            if (s == RUNNING) {
                if (state.compareAndSet(RUNNING, RUN_AGAIN)) {
                    return;
                }
            } else if (state.compareAndSet(IDLE, RUNNING)) {
                try {
                    pool.execute(this::run);
                } catch (RejectedExecutionException e) {
                    state.set(IDLE); // the pool is shutting down: the stream is closing anyway
                }
                return;
            }
        }
    }

    private void run() {
        do {
            if (stopped) {
                state.set(IDLE);
                return;
            }
            state.set(RUNNING);
            runLock.lock();
            try {
                if (!stopped) {
                    work.run();
                }
            } catch (RuntimeException e) {
                // one stream's fault must not kill the pool thread or the other streams; the work counts it
            } finally {
                runLock.unlock();
            }
        } while (!state.compareAndSet(RUNNING, IDLE));
    }

    /**
     * No run starts after this; waits for a run in progress (one frame's decode at most), then runs
     * {@code cleanup} on the caller's thread, so cleanup never races the work.
     */
    void stop(Runnable cleanup) {
        stopped = true;
        runLock.lock();
        try {
            cleanup.run();
        } finally {
            runLock.unlock();
        }
    }
}
