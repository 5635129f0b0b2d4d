package org.confero.server.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ICE agents of one session across ICE restarts (RFC 8445 §9): the active one carries media on its selected
 * pair; a restart adds a pending one with fresh local credentials, which becomes active once it selected a pair.
 * Until then media keeps flowing on the active agent's pair. Restarts are rate-limited per session.
 *
 * <p>Pure bookkeeping, no I/O: the session frees what the methods hand back. Thread-safe.
 *
 * @param <A> the agent type
 */
final class IceGenerations<A> {
    /** What {@link #begin} decided. */
    sealed interface Begin<A> {
        /** The restart runs; {@code superseded} is an earlier pending agent the session must free. */
        record Started<A>(Optional<A> superseded) implements Begin<A> {}

        /** Too many restarts in the window: the session keeps what it has. */
        record RateLimited<A>() implements Begin<A> {}
    }

    private final int maxRestarts;
    private final long windowNanos;
    /** Start times of the last {@code maxRestarts} restarts, oldest first once full (a ring). */
    private final long[] recent;
    private int started;
    private A active;
    private A pending;
    private long pendingSinceNanos;

    /**
     * @param first the agent of the session's first offer
     * @param maxRestarts at most this many restarts begin within {@code windowNanos}
     */
    IceGenerations(A first, int maxRestarts, long windowNanos) {
        if (maxRestarts < 1 || windowNanos <= 0) {
            throw new IllegalArgumentException("maxRestarts and window must be positive");
        }
        this.active = Objects.requireNonNull(first, "first");
        this.maxRestarts = maxRestarts;
        this.windowNanos = windowNanos;
        this.recent = new long[maxRestarts];
    }

    /** The agent whose pair carries media now. */
    synchronized A active() {
        return active;
    }

    /** The agent the latest offer was answered with: its credentials go in answers, trickled candidates to it. */
    synchronized A newest() {
        return pending != null ? pending : active;
    }

    synchronized boolean restarting() {
        return pending != null;
    }

    synchronized boolean isActive(A agent) {
        return agent == active;
    }

    synchronized boolean isPending(A agent) {
        return agent == pending;
    }

    /** How many restarts began so far. */
    synchronized int restarts() {
        return started;
    }

    /** A re-offer with new remote credentials: {@code next} becomes pending unless the rate limit refuses. */
    synchronized Begin<A> begin(A next, long nowNanos) {
        Objects.requireNonNull(next, "next");
        if (started >= maxRestarts && nowNanos - recent[started % maxRestarts] < windowNanos) {
            return new Begin.RateLimited<>();
        }
        recent[started % maxRestarts] = nowNanos;
        started++;
        Optional<A> superseded = Optional.ofNullable(pending);
        pending = next;
        pendingSinceNanos = nowNanos;
        return new Begin.Started<>(superseded);
    }

    /**
     * The pending agent selected a pair: it becomes active. Returns the agent it replaces (to free), or empty when
     * {@code agent} is not the pending one (superseded or abandoned meanwhile: ignore it).
     */
    synchronized Optional<A> complete(A agent) {
        if (agent != pending) {
            return Optional.empty();
        }
        A old = active;
        active = agent;
        pending = null;
        return Optional.of(old);
    }

    /** The pending agent failed or its answer was abandoned: true when it was pending (the caller frees it). */
    synchronized boolean abandon(A agent) {
        if (agent != pending) {
            return false;
        }
        pending = null;
        return true;
    }

    /** The pending agent when it has been restarting longer than {@code timeoutNanos}; it is no longer pending. */
    synchronized Optional<A> expire(long nowNanos, long timeoutNanos) {
        if (pending == null || nowNanos - pendingSinceNanos <= timeoutNanos) {
            return Optional.empty();
        }
        A p = pending;
        pending = null;
        return Optional.of(p);
    }

    /** Every agent held (to free at close). */
    synchronized List<A> all() {
        List<A> all = new ArrayList<>(2);
        all.add(active);
        if (pending != null) {
            all.add(pending);
        }
        return all;
    }
}
