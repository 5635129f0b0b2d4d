package org.confero.mixer.rtp;

import java.util.function.IntConsumer;

/** Generic NACK FCI arithmetic (RFC 4585 §6.2.1): a packet id plus a bitmask of the 16 that follow it. */
public final class RtcpFeedback {
    private RtcpFeedback() {}

    /** Calls {@code lostSequence} for the PID and every sequence number whose BLP bit is set, in order. */
    public static void forEachNackedSequence(int packetId, int lostBitmask, IntConsumer lostSequence) {
        lostSequence.accept(packetId & 0xffff);
        for (int bit = 0; bit < 16; bit++) {
            if ((lostBitmask & (1 << bit)) != 0) {
                lostSequence.accept((packetId + bit + 1) & 0xffff);
            }
        }
    }

    static int nackEntryCount(int[] lost, int count) {
        return scan(lost, count, null, 0);
    }

    static void writeNackEntries(byte[] buf, int off, int[] lost, int count) {
        scan(lost, count, buf, off);
    }

    /** Groups losses into entries; writes them when {@code buf} is not null. Returns the entry count. */
    private static int scan(int[] lost, int count, byte[] buf, int off) {
        int entries = 0;
        int i = 0;
        while (i < count) {
            int pid = lost[i] & 0xffff;
            int mask = 0;
            i++;
            while (i < count) {
                int distance = (lost[i] - pid) & 0xffff;
                if (distance == 0) {
                    i++; // a repeated number is already covered
                    continue;
                }
                if (distance > 16) {
                    break;
                }
                mask |= 1 << (distance - 1);
                i++;
            }
            if (buf != null) {
                Bytes.putUint16(buf, off + 4 * entries, pid);
                Bytes.putUint16(buf, off + 4 * entries + 2, mask);
            }
            entries++;
        }
        return entries;
    }
}
