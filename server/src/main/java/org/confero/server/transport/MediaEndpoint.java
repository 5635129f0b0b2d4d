package org.confero.server.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.confero.server.conference.Leg;
import org.confero.server.conference.MediaKind;
import org.confero.server.conference.PacketSender;

/**
 * One SIP leg's RTP and RTCP sockets (a single socket with rtcp-mux, RFC 5761). Media is accepted only from the
 * address and port the SDP named, or, when that address is unreachable (NAT), from the source the leg latched
 * onto after several in-sequence packets from the SIP signalling's IP ({@link SourceFilter}).
 */
public final class MediaEndpoint implements PacketSender, AutoCloseable {
    private static final int MAX_PACKET = 2048;
    private static final ThreadLocal<ByteBuffer> SEND_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_PACKET));

    private final UdpMediaTransport transport;
    final DatagramChannel rtp;
    final DatagramChannel rtcp;
    private final int localRtpPort;
    private final AtomicBoolean closed = new AtomicBoolean();
    final SourceFilter filter;
    private volatile Leg leg;
    private volatile MediaKind kind = MediaKind.AUDIO;
    private volatile long lastRtpNanos;

    MediaEndpoint(UdpMediaTransport transport, DatagramChannel rtp, DatagramChannel rtcp, int localRtpPort,
            InetSocketAddress remoteRtp, InetSocketAddress remoteRtcp, SourceFilter filter) {
        this.transport = transport;
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.localRtpPort = localRtpPort;
        this.filter = filter;
        filter.expect(remoteRtp, remoteRtcp);
        this.lastRtpNanos = System.nanoTime();
    }

    /**
     * The IP the call's SIP request came from: a leg behind NAT latches only onto media from there (unless
     * configured otherwise). Set when the call is created, before its answer goes out.
     */
    public void signallingSource(java.net.InetAddress source) {
        filter.signallingSource(source);
    }

    /** How the leg picks its media source now (tests and diagnostics). */
    public String sourceMode() {
        return filter.mode().name();
    }

    public int localRtpPort() {
        return localRtpPort;
    }

    public boolean rtcpMux() {
        return rtcp == null;
    }

    /** The leg that receives this endpoint's packets, as {@code kind}; packets before it is attached are dropped. */
    public void attach(Leg leg, MediaKind kind) {
        this.kind = kind;
        this.leg = leg;
    }

    /** Time of the last RTP packet received (or of opening), {@link System#nanoTime()} based. */
    public long lastRtpNanos() {
        return lastRtpNanos;
    }

    /**
     * An answer or a re-INVITE named the peer's media (RFC 3264 §8.3.1). The same address keeps the leg as it is
     * (a latched leg stays latched); a new one applies the same rules afresh: strict, or latching with its checks.
     *
     * @param newRtp null when the peer gave no address (old-style hold)
     */
    public void updateRemote(InetSocketAddress newRtp, InetSocketAddress newRtcp) {
        filter.expect(newRtp, newRtcp);
    }

    @Override
    public void sendRtp(byte[] packet, int offset, int length) {
        send(rtp, filter.rtpTarget(), packet, offset, length);
    }

    @Override
    public void sendRtcp(byte[] packet, int offset, int length) {
        send(rtcp == null ? rtp : rtcp, filter.rtcpTarget(rtcp == null), packet, offset, length);
    }

    private void send(DatagramChannel channel, InetSocketAddress target, byte[] packet, int offset, int length) {
        if (closed.get() || target == null || length > MAX_PACKET) {
            transport.countSendDrop();
            return;
        }
        ByteBuffer buf = SEND_BUFFER.get();
        buf.clear();
        buf.put(packet, offset, length).flip();
        try {
            channel.send(buf, target);
        } catch (IOException | RuntimeException e) {
            // an unresolvable address or a concurrent close: the packet is lost, like any UDP packet
            transport.countSendDrop();
        }
    }

    void deliverRtp(byte[] packet, int length, long now) {
        lastRtpNanos = now;
        Leg l = leg;
        if (l != null) {
            l.receiveRtp(kind, packet, 0, length, now);
        }
    }

    void deliverRtcp(byte[] packet, int length, long now) {
        Leg l = leg;
        if (l != null) {
            l.receiveRtcp(kind, packet, 0, length, now);
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes both sockets and returns the ports; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.release(this);
        }
    }
}
