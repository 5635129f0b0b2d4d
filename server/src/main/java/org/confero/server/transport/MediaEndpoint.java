package org.confero.server.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.confero.server.conference.Leg;
import org.confero.server.conference.MediaKind;
import org.confero.server.conference.PacketSender;
import org.confero.server.webrtc.srtp.PacketBuffer;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * One SIP leg's RTP and RTCP sockets (a single socket with rtcp-mux, RFC 5761). Media is accepted only from the
 * address and port the SDP named, or, when that address is unreachable (NAT), from the source the leg latched
 * onto after several in-sequence packets from the SIP signalling's IP ({@link SourceFilter}). With SDES keys
 * ({@link #encrypt}) every packet is SRTP/SRTCP on the wire: protected on the way out, authenticated and
 * decrypted on the way in, in buffers the endpoint owns (no allocation per packet).
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
    private volatile SrtpTransformer srtp;
    /** Senders (mix tick, video workers, RTCP) may differ: one protects at a time. */
    private final Object sendLock = new Object();
    private PacketBuffer sendPacket;
    /** Only the transport's selector thread receives. */
    private PacketBuffer receivePacket;

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

    /**
     * From now on RTP and RTCP on these sockets are SRTP and SRTCP with these contexts (RFC 3711). Set before
     * the answer goes out, so no plain packet ever leaves for an encrypted call.
     */
    public void encrypt(SrtpTransformer transformer) {
        synchronized (sendLock) {
            sendPacket = new PacketBuffer();
            receivePacket = new PacketBuffer();
            SrtpTransformer old = srtp;
            srtp = transformer;
            if (old != null) {
                old.close();
            }
        }
    }

    public boolean encrypted() {
        return srtp != null;
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
        if (srtp == null) {
            send(rtp, filter.rtpTarget(), packet, offset, length);
            return;
        }
        sendProtected(rtp, filter.rtpTarget(), packet, offset, length, false);
    }

    @Override
    public void sendRtcp(byte[] packet, int offset, int length) {
        DatagramChannel channel = rtcp == null ? rtp : rtcp;
        if (srtp == null) {
            send(channel, filter.rtcpTarget(rtcp == null), packet, offset, length);
            return;
        }
        sendProtected(channel, filter.rtcpTarget(rtcp == null), packet, offset, length, true);
    }

    private void sendProtected(DatagramChannel channel, InetSocketAddress target, byte[] packet, int offset,
            int length, boolean isRtcp) {
        synchronized (sendLock) {
            SrtpTransformer t = srtp;
            PacketBuffer buffer = sendPacket;
            if (t == null || !buffer.load(packet, offset, length)) {
                transport.countSendDrop();
                return;
            }
            SrtpErrorStatus status = isRtcp ? t.protectRtcp(buffer) : t.protectRtp(buffer);
            if (status != SrtpErrorStatus.OK) {
                transport.countSendDrop();
                return;
            }
            send(channel, target, buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
        }
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

    /** @return false when the packet was SRTP that failed authentication or the replay check (dropped) */
    boolean deliverRtp(byte[] packet, int length, long now) {
        SrtpTransformer t = srtp;
        if (t != null) {
            PacketBuffer in = receivePacket;
            if (!in.load(packet, 0, length) || t.unprotectRtp(in) != SrtpErrorStatus.OK) {
                return false;
            }
            lastRtpNanos = now;
            Leg l = leg;
            if (l != null) {
                l.receiveRtp(kind, in.getBuffer(), in.getOffset(), in.getLength(), now);
            }
            return true;
        }
        lastRtpNanos = now;
        Leg l = leg;
        if (l != null) {
            l.receiveRtp(kind, packet, 0, length, now);
        }
        return true;
    }

    /** @return false when the packet was SRTCP that failed authentication or the replay check (dropped) */
    boolean deliverRtcp(byte[] packet, int length, long now) {
        SrtpTransformer t = srtp;
        if (t != null) {
            PacketBuffer in = receivePacket;
            if (!in.load(packet, 0, length) || t.unprotectRtcp(in) != SrtpErrorStatus.OK) {
                return false;
            }
            Leg l = leg;
            if (l != null) {
                l.receiveRtcp(kind, in.getBuffer(), in.getOffset(), in.getLength(), now);
            }
            return true;
        }
        Leg l = leg;
        if (l != null) {
            l.receiveRtcp(kind, packet, 0, length, now);
        }
        return true;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes both sockets and returns the ports; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.release(this);
            synchronized (sendLock) {
                SrtpTransformer t = srtp;
                if (t != null) {
                    t.close();
                }
            }
        }
    }
}
