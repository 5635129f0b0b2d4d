package org.confero.server.webrtc;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the gateway's side of a loopback test session saw: the RTP it received (copied), when it connected and
 * why it closed. Passed to {@link WebRtcGateway#createSession} as both media handler and listener.
 */
final class ServerSideEvents implements MediaHandler, SessionListener {
    final List<byte[]> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<WebRtcSession> connected = new CompletableFuture<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

    @Override
    public void onRtp(byte[] buf, int off, int len, long arrivalNanos) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        received.add(copy);
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len, long arrivalNanos) {}

    @Override
    public void onConnected(WebRtcSession session) {
        connected.complete(session);
    }

    @Override
    public void onClosed(WebRtcSession session, CloseReason reason) {
        closed.complete(reason);
    }

    /** Waits up to 10 s, polling every 20 ms, for {@code condition}; fails the test when it does not hold. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
