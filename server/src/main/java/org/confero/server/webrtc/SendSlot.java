package org.confero.server.webrtc;

import java.util.concurrent.locks.ReentrantLock;
import org.confero.server.webrtc.srtp.PacketBuffer;

/**
 * One pre-allocated way out: a packet buffer with head- and tailroom.
 * A transport keeps a few so that senders on different threads (audio mixer, video compositor, RTCP) do not
 * drop each other's packets; a sender that finds every slot busy drops instead of waiting.
 */
final class SendSlot {
    static final int SLOTS = 4;

    final ReentrantLock lock = new ReentrantLock();
    final PacketBuffer buffer = new PacketBuffer();
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
