package org.confero.mixer.video;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Coalesces keyframe requests for one shared encoder: any number of requests (PLIs from every receiver) become
 * at most one keyframe per interval, and a request inside the interval is honoured when it ends. Requests come
 * from any thread; {@link #shouldForce} and {@link #produced} from the compositor's tick only.
 */
final class KeyframeGate {
    private final long minIntervalNanos;
    private final AtomicBoolean pending = new AtomicBoolean();
    private long lastKeyframe;
    private boolean anyKeyframe;

    KeyframeGate(long minIntervalNanos) {
        this.minIntervalNanos = minIntervalNanos;
    }

    void request() {
        pending.set(true);
    }

    boolean shouldForce(long now) {
        return (!anyKeyframe || now - lastKeyframe >= minIntervalNanos) && pending.getAndSet(false);
    }

    /** The encoder made a keyframe (forced, its first, or its safety interval). */
    void produced(long now) {
        lastKeyframe = now;
        anyKeyframe = true;
    }

    /** A new encoder starts with a keyframe anyway; pending requests are covered by it. */
    void reset() {
        anyKeyframe = false;
        pending.set(false);
    }
}
