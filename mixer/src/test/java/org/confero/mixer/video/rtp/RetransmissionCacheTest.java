package org.confero.mixer.video.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RetransmissionCacheTest {
    private final RetransmissionCache cache = new RetransmissionCache(1024, 1500);
    private final byte[] out = new byte[1500];

    /** A packet whose bytes all equal the low byte of its sequence number, 100..355 bytes long. */
    private static byte[] packet(int seq) {
        byte[] p = new byte[100 + (seq & 0xff)];
        java.util.Arrays.fill(p, (byte) seq);
        return p;
    }

    @Test
    void recentPacketsAreFoundAcrossTheSequenceWrapAndOlderOnesAreEvicted() {
        for (int i = 0; i < 3000; i++) {
            int seq = (65000 + i) & 0xffff;
            byte[] p = packet(seq);
            assertThat(cache.store(p, 0, p.length, seq)).isTrue();
        }
        int newest = (65000 + 2999) & 0xffff; // 2463
        for (int back = 0; back < 1024; back++) {
            int seq = (newest - back) & 0xffff;
            int n = cache.lookup(seq, out, 0);
            assertThat(n).as("seq %d", seq).isEqualTo(packet(seq).length);
            assertThat(java.util.Arrays.copyOf(out, n)).isEqualTo(packet(seq));
        }
        assertThat(cache.lookup((newest - 1024) & 0xffff, out, 0)).isEqualTo(-1); // evicted
        assertThat(cache.lookup(65000, out, 0)).isEqualTo(-1);
        assertThat(cache.lookup((newest + 1) & 0xffff, out, 0)).isEqualTo(-1); // not sent yet
        assertThat(cache.lookup(65535, out, 0)).isEqualTo(-1);
    }

    @Test
    void packetsAcrossTheWrapAreBothPresent() {
        for (int seq : new int[] {65534, 65535, 0, 1}) {
            byte[] p = packet(seq);
            cache.store(p, 0, p.length, seq);
        }
        assertThat(cache.lookup(65535, out, 0)).isEqualTo(packet(65535).length);
        assertThat(cache.lookup(0, out, 0)).isEqualTo(packet(0).length);
        assertThat(cache.lookup(2, out, 0)).isEqualTo(-1);
    }

    @Test
    void aPacketLargerThanTheSlotIsRefusedAndCounted() {
        assertThat(cache.store(new byte[2000], 0, 2000, 5)).isFalse();
        assertThat(cache.tooLargePackets()).isEqualTo(1);
        assertThat(cache.lookup(5, out, 0)).isEqualTo(-1);
    }

    @Test
    void readersOnOtherThreadsNeverSeeATornPacket() throws Exception {
        RetransmissionCache small = new RetransmissionCache(16, 400);
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicLong hits = new AtomicLong();
        long until = System.nanoTime() + 200_000_000L;
        Thread[] readers = new Thread[2];
        for (int r = 0; r < readers.length; r++) {
            readers[r] = new Thread(() -> {
                byte[] dst = new byte[400];
                int seq = 0;
                while (System.nanoTime() < until) {
                    seq = (seq + 7) & 0xffff;
                    int n = small.lookup(seq, dst, 0);
                    if (n >= 0) {
                        hits.incrementAndGet();
                        byte[] expected = packet(seq);
                        if (n != expected.length || !java.util.Arrays.equals(dst, 0, n, expected, 0, n)) {
                            torn.set("seq " + seq + " length " + n);
                        }
                    }
                }
            });
            readers[r].start();
        }
        int seq = 0;
        while (System.nanoTime() < until) {
            byte[] p = packet(seq);
            small.store(p, 0, p.length, seq);
            seq = (seq + 1) & 0xffff;
        }
        for (Thread t : readers) {
            t.join();
        }
        assertThat(torn.get()).isNull();
        assertThat(hits.get()).isPositive();
    }
}
