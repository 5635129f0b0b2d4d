package org.confero.server.webrtc;

import java.io.IOException;
import org.confero.server.webrtc.dtls.DtlsEndpoint;
import org.confero.server.webrtc.dtls.PacketQueueTransport;
import org.confero.server.webrtc.srtp.PacketBuffer;
import org.confero.server.webrtc.srtp.PacketKind;
import org.confero.server.webrtc.srtp.SrtpKeys;
import org.confero.server.webrtc.ice.IceSessionAgent;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.jitsi.srtp.SrtpErrorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connected session's packet route, declared in one place:
 * <pre>
 *   receive: ice4j push callback → RFC 7983 demux → DTLS records → Bouncy Castle (handshake thread, then
 *                                                    {@link DtlsEndpoint#pump})
 *                                               → SRTP/SRTCP → unprotect (auth + replay) → {@link MediaHandler}
 *   send:    PacketSender (the leg's own SSRCs) → copy into a free send slot → protect → ICE component (drop, never wait,
 *            when all slots are busy)
 * </pre>
 * Receiving runs on the shared port's one reader thread (ice4j's push API): no thread and no queue per session;
 * the DTLS handshake runs on its own short-lived thread. Records that arrive before the handshake starts wait
 * in the DTLS queue.
 */
final class MediaTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaTransport.class);

    /** What the transport reports to its session. */
    interface Events {
        void connected(SrtpTransformer srtp);

        void failed(CloseReason reason);
    }

    private final String participantId;
    /** The agent whose selected pair we send on; an ICE restart switches it ({@link #useIce}). */
    private volatile IceSessionAgent ice;
    private final DtlsEndpoint dtls;
    private final PacketQueueTransport dtlsTransport;
    private final MediaHandler handler;
    private final Events events;
    private final WebRtcMetrics metrics;
    private final SessionCounters counters;

    private final SendSlot[] sendSlots = new SendSlot[SendSlot.SLOTS];
    /** Receive scratch; only the shared port's reader thread touches it. */
    private final PacketBuffer rx = new PacketBuffer();
    private final Thread handshaker;
    private final java.util.concurrent.Executor background;
    private final java.util.concurrent.atomic.AtomicBoolean pumpScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    private volatile SrtpTransformer srtp;
    private volatile boolean closed;
    private volatile long lastReceiveNanos = System.nanoTime();

    MediaTransport(String participantId, IceSessionAgent ice, DtlsEndpoint.Role role, DtlsEndpointFactory dtlsFactory, MediaHandler handler, Events events,
                   WebRtcMetrics metrics, SessionCounters counters, java.util.concurrent.Executor background) {
        this.participantId = participantId;
        this.ice = ice;
        this.background = background;
        this.handler = handler;
        this.events = events;
        this.metrics = metrics;
        this.counters = counters;
        for (int i = 0; i < sendSlots.length; i++) {
            sendSlots[i] = new SendSlot();
        }
        this.dtlsTransport = new PacketQueueTransport(this::sendDtls);
        this.dtls = dtlsFactory.create(role, dtlsTransport);
        this.handshaker = new Thread(this::handshake, "webrtc-dtls-" + participantId);
        this.handshaker.setDaemon(true);
    }

    /** Builds the DTLS endpoint for a role over a transport (certificate and fingerprint are the session's). */
    @FunctionalInterface
    interface DtlsEndpointFactory {
        DtlsEndpoint create(DtlsEndpoint.Role role, PacketQueueTransport transport);
    }

    DtlsEndpoint.Role role() {
        return dtls.role();
    }

    /**
     * Starts receiving what reaches {@code agent} at once (DTLS records queue up until the handshake runs). During an
     * ICE restart both generations' agents deliver here: they share the port's one reader thread.
     */
    void listen(IceSessionAgent agent) {
        agent.setPacketHandler(this::onPacket);
    }

    /** Sends through {@code agent}'s selected pair from now on (an ICE restart completed). */
    void useIce(IceSessionAgent agent) {
        ice = agent;
    }

    /** Starts the DTLS handshake; call once ICE completed. */
    void startHandshake() {
        handshaker.start();
    }

    /** Nanosecond time of the last datagram from the peer (STUN excluded: ice4j consumes it). */
    long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    boolean connected() {
        return srtp != null;
    }

    private void handshake() {
        long started = System.nanoTime();
        try {
            SrtpKeys keys = dtls.handshake();
            SrtpTransformer transformer = new SrtpTransformer(keys);
            if (closed) {
                transformer.close();
                return;
            }
            srtp = transformer;
            metrics.dtlsHandshakesOk.increment();
            LOG.info("webrtc participant={} DTLS {} done in {} ms, SRTP profile {}", participantId, dtls.role(),
                    (System.nanoTime() - started) / 1_000_000, keys.profile());
            events.connected(transformer);
            if (!dtls.pump()) {
                // close_notify may have arrived while the handshake was finishing
                events.failed(new CloseReason(CloseReason.Kind.PEER_CLOSED, "DTLS close_notify"));
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                metrics.dtlsHandshakesFailed.increment();
                events.failed(new CloseReason(CloseReason.Kind.DTLS_FAILED, String.valueOf(e.getMessage())));
            }
        }
    }

    /** ice4j's push callback, on the shared port's reader thread; the buffer goes back to ice4j's pool. */
    private void onPacket(Buffer packet) {
        try {
            if (closed || !rx.load(packet.getBuffer(), packet.getOffset(), packet.getLength())) {
                counters.receiveDrop();
                return;
            }
            long now = System.nanoTime();
            lastReceiveNanos = now;
            handle(rx, rx.getOffset(), rx.getLength(), now);
        } catch (RuntimeException e) {
            // bad input (or a failing handler) never reaches the shared reader thread
            counters.receiveDrop();
            LOG.debug("webrtc participant={} dropped a packet: {}", participantId, e.toString());
        } finally {
            BufferPool.returnBuffer.invoke(packet);
        }
    }

    private void handle(PacketBuffer rx, int off, int len, long now) {
        byte[] buf = rx.getBuffer();
        switch (PacketKind.of(buf, off, len)) {
            case DTLS -> {
                if (!dtlsTransport.offer(buf, off, len)) {
                    counters.receiveDrop();
                }
                if (srtp != null && pumpScheduled.compareAndSet(false, true)) {
                    // Bouncy Castle may wait a moment for more records: never on the shared receive thread
                    background.execute(this::pumpDtls);
                }
            }
            case RTP -> unprotect(rx, off, len, now, false);
            case RTCP -> unprotect(rx, off, len, now, true);
            default -> counters.receiveDrop();
        }
    }

    private void pumpDtls() {
        pumpScheduled.set(false);
        if (!closed && !dtls.pump()) {
            events.failed(new CloseReason(CloseReason.Kind.PEER_CLOSED, "DTLS close_notify"));
        }
    }

    private void unprotect(PacketBuffer rx, int off, int len, long now, boolean rtcp) {
        SrtpTransformer t = srtp;
        if (t == null) {
            counters.receiveDrop(); // media before our handshake finished: nothing to decrypt with
            return;
        }
        rx.setOffset(off);
        rx.setLength(len);
        SrtpErrorStatus status = rtcp ? t.unprotectRtcp(rx) : t.unprotectRtp(rx);
        switch (status) {
            case OK -> {
                counters.received();
                if (rtcp) {
                    handler.onRtcp(rx.getBuffer(), rx.getOffset(), rx.getLength(), now);
                } else {
                    handler.onRtp(rx.getBuffer(), rx.getOffset(), rx.getLength(), now);
                }
            }
            case AUTH_FAIL -> counters.authFailure();
            case REPLAY_FAIL, REPLAY_OLD -> counters.replay();
            default -> counters.receiveDrop();
        }
    }

    /** Protects and sends; drops (counted) instead of waiting when not connected or every send slot is busy. */
    void send(byte[] packet, int offset, int length, boolean rtcp) {
        SrtpTransformer t = srtp;
        SendSlot slot = t == null || closed || length < (rtcp ? 8 : 12) ? null : SendSlot.tryAcquire(sendSlots);
        if (slot == null) {
            counters.sendDrop();
            return;
        }
        try {
            PacketBuffer buffer = slot.buffer;
            if (!buffer.load(packet, offset, length)) {
                counters.sendDrop();
                return;
            }
            SrtpErrorStatus status = rtcp ? t.protectRtcp(buffer) : t.protectRtp(buffer);
            if (status != SrtpErrorStatus.OK) {
                counters.sendDrop();
                return;
            }
            ice.send(buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
            counters.sent();
        } catch (IOException | RuntimeException e) {
            counters.sendDrop();
        } finally {
            slot.lock.unlock();
        }
    }

    private void sendDtls(byte[] buf, int off, int len) throws IOException {
        ice.send(buf, off, len);
    }

    /** Sends close_notify when connected, stops both threads and frees the SRTP contexts. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        dtls.close();
        ice.setPacketHandler(null);
        handshaker.interrupt();
        joinQuietly(handshaker);
        // wait for senders in flight (they never block long), then free the contexts
        for (SendSlot slot : sendSlots) {
            slot.lock.lock();
        }
        try {
            SrtpTransformer t = srtp;
            srtp = null;
            if (t != null) {
                t.close();
            }
        } finally {
            for (SendSlot slot : sendSlots) {
                slot.lock.unlock();
            }
        }
    }

    private static void joinQuietly(Thread t) {
        if (t == Thread.currentThread() || !t.isAlive()) {
            return;
        }
        try {
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
