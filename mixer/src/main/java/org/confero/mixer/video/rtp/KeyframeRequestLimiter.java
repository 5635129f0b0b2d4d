package org.confero.mixer.video.rtp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Coalesces the keyframe requests (PLI, RFC 4585 §6.3.1; FIR, RFC 5104 §4.3.1) of all receivers of one
 * encoder. A keyframe costs several delta frames' worth of bits, so at most one is produced per
 * {@code minInterval} (500 ms by default); a request inside the window is remembered (one pending flag) and
 * served by the first frame after the window closes. So a storm of requests costs at most one keyframe per
 * window, and any single request is served within one window.
 *
 * <p>Threading: {@link #request()} from any thread (RTCP receive threads), lock-free; {@link #poll},
 * {@link #keyframeEncoded} from the encoder thread only.
 */
public final class KeyframeRequestLimiter {
    private final long minIntervalNanos;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final LongAdder requests = new LongAdder();
    private boolean anyKeyframe;
    private long lastKeyframeNanos;
    private long forcedKeyframes;

    public KeyframeRequestLimiter() {
        this(Duration.ofMillis(500));
    }

    public KeyframeRequestLimiter(Duration minInterval) {
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval " + minInterval);
        }
        this.minIntervalNanos = minInterval.toNanos();
    }

    /** A receiver asked for a keyframe. Any thread. */
    public void request() {
        requests.increment();
        pending.set(true);
    }

    /**
     * Called by the encoder thread before encoding each frame.
     *
     * @return true when this frame must be a keyframe
     */
    public boolean poll(long nowNanos) {
        if (!pending.get() || (anyKeyframe && nowNanos - lastKeyframeNanos < minIntervalNanos)) {
            return false;
        }
        // Requests arriving from here on are served by this keyframe only if they came before the clear.
        pending.set(false);
        anyKeyframe = true;
        lastKeyframeNanos = nowNanos;
        forcedKeyframes++;
        return true;
    }

    /**
     * The encoder produced a keyframe on its own (first frame, periodic GOP): requests made until now are
     * served, and the window restarts. Encoder thread.
     */
    public void keyframeEncoded(long nowNanos) {
        pending.set(false);
        anyKeyframe = true;
        lastKeyframeNanos = nowNanos;
    }

    /** True while a request waits for the window to close. */
    public boolean pending() {
        return pending.get();
    }

    /** Requests received (any thread may read). */
    public long requests() {
        return requests.sum();
    }

    /** Keyframes forced by {@link #poll} (encoder thread's count). */
    public long forcedKeyframes() {
        return forcedKeyframes;
    }
}
