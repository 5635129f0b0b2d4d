package org.confero.server.conference;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every room's video shares: a small pool that decodes incoming streams (one run per stream at a
 * time, see {@link SerialWorker}) and one timer for the streams' NACK and keyframe housekeeping. Bounded: a
 * thousand streams cost a queue, never a thousand threads.
 */
final class VideoWorkers implements AutoCloseable {
    private final ExecutorService decoders;
    private final ScheduledExecutorService timer;

    VideoWorkers(int threads) {
        this.decoders = Executors.newFixedThreadPool(threads, named("video-decode"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("video-housekeeping"));
    }

    ExecutorService decoders() {
        return decoders;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        decoders.shutdown();
        try {
            if (!decoders.awaitTermination(2, TimeUnit.SECONDS)) {
                decoders.shutdownNow();
            }
        } catch (InterruptedException e) {
            decoders.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
