package org.confero.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.confero.server.http.ServerControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness and the drain of a rolling restart: once draining, new SIP calls get 503 with Retry-After and
 * WebSocket joins {@code server-draining}, calls in progress go on, and the server stops when every room is empty
 * or the timeout has passed, whichever comes first.
 */
final class Drain implements ServerControl {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    private static final long POLL_MILLIS = 250;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final IntSupplier participants;
    private final Duration timeout;
    private final AdminToken token;
    private final Runnable stop;

    Drain(IntSupplier participants, Duration timeout, AdminToken token, Runnable stop) {
        this.participants = participants;
        this.timeout = timeout;
        this.token = token;
        this.stop = stop;
    }

    @Override
    public boolean ready() {
        return !draining.get();
    }

    boolean acceptingCalls() {
        return !draining.get();
    }

    @Override
    public boolean checkAdminToken(String presented) {
        return token.matches(presented);
    }

    @Override
    public int startDrain() {
        int now = participants.getAsInt();
        if (draining.compareAndSet(false, true)) {
            LOG.info("drain started: new calls refused, {} participants in rooms; stopping when the rooms are empty"
                    + " or after {} s", now, timeout.toSeconds());
            Thread waiter = new Thread(this::waitAndStop, "confero-drain");
            waiter.setDaemon(true);
            waiter.start();
        }
        return now;
    }

    private void waitAndStop() {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (participants.getAsInt() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = participants.getAsInt();
        if (left == 0) {
            LOG.info("drain done: every room is empty, stopping");
        } else {
            LOG.warn("drain timed out after {} s with {} participants left, stopping", timeout.toSeconds(), left);
        }
        stop.run();
    }
}
