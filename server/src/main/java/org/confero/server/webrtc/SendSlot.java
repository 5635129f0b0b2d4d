package org.confero.server.webrtc;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.locks.ReentrantLock;
import org.confero.server.webrtc.srtp.PacketBuffer;

/**
 * One pre-allocated way out: a packet buffer with head- and tailroom and the datagram that points at it.
 * A transport keeps a few so that senders on different threads (audio mixer, video compositor, RTCP) do not
 * drop each other's packets; a sender that finds every slot busy drops instead of waiting.
 */
final class SendSlot {
    static final int SLOTS = 4;

    final ReentrantLock lock = new ReentrantLock();
    final PacketBuffer buffer = new PacketBuffer();
    final DatagramPacket datagram;
    /** Where {@link #datagram} points; guarded by {@link #lock}. */
    private InetSocketAddress target;

    SendSlot(InetSocketAddress remote) {
        this.datagram = new DatagramPacket(buffer.getBuffer(), 0, 0, remote);
        this.target = remote;
    }

    /** Points the datagram at the buffer's current packet and at {@code to}; call with {@link #lock} held. */
    DatagramPacket prepare(InetSocketAddress to) {
        if (target != to) {
            datagram.setSocketAddress(to);
            target = to;
        }
        datagram.setData(buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
        return datagram;
    }

    /** Takes a free slot without waiting, or null when all are busy. */
    static SendSlot tryAcquire(SendSlot[] slots) {
        for (SendSlot s : slots) {
            if (s.lock.tryLock()) {
                return s;
            }
        }
        return null;
    }
}
