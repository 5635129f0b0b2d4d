package org.confero.server.conference;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether the mix clock kept its 20 ms budget lately: the share of ticks that overran over the last window.
 * Admission control asks this before accepting a call, so a server whose media is already late takes no more
 * legs. A lone overrun (a preempted thread on a busy machine) does not count: only a window in which more
 * than {@value #MAX_OVERRUN_SHARE} of the ticks, and at least {@value #MIN_OVERRUNS} of them, overran. Cheap to
 * ask from any thread: it re-samples the clock's counters at most once per window.
 */
final class TickBudget {
    /** More than this share of overrunning ticks over a window (and at least MIN_OVERRUNS) is overload. */
    static final double MAX_OVERRUN_SHARE = 0.05;
    static final int MIN_OVERRUNS = 3;
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final LongSupplier ticks;
    private final LongSupplier overruns;
    private final LongSupplier nanoTime;
    private final AtomicLong windowStart;
    private long lastTicks;
    private long lastOverruns;
    private volatile boolean exceeded;

    TickBudget(LongSupplier ticks, LongSupplier overruns, LongSupplier nanoTime) {
        this.ticks = ticks;
        this.overruns = overruns;
        this.nanoTime = nanoTime;
        this.windowStart = new AtomicLong(nanoTime.getAsLong());
        this.lastTicks = ticks.getAsLong();
        this.lastOverruns = overruns.getAsLong();
    }

    /** True when more than 5 % (and at least 3) of the ticks of the last full window overran their period. */
    boolean exceeded() {
        long now = nanoTime.getAsLong();
        long start = windowStart.get();
        if (now - start >= WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
            sample(); // one caller per window wins the CAS and samples
        }
        return exceeded;
    }

    private synchronized void sample() {
        long t = ticks.getAsLong();
        long o = overruns.getAsLong();
        long dt = t - lastTicks;
        long dov = o - lastOverruns;
        lastTicks = t;
        lastOverruns = o;
        exceeded = dt > 0 && dov >= MIN_OVERRUNS && dov > dt * MAX_OVERRUN_SHARE;
    }
}
