package org.confero.mixer.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketPoolTest {

    @Test
    void buffersAreReusedAndAnEmptyPoolAllocatesInsteadOfBlocking() {
        PacketPool pool = new PacketPool(2, 1500);
        PacketBuffer a = pool.acquire();
        PacketBuffer b = pool.acquire();
        PacketBuffer c = pool.acquire();
        assertThat(pool.available()).isZero();
        assertThat(pool.allocatedWhenEmpty()).isEqualTo(1);
        pool.release(a);
        pool.release(b);
        pool.release(c);                                  // pool full: left to the garbage collector
        assertThat(pool.available()).isEqualTo(2);
        assertThat(pool.acquire()).isIn(a, b);
        pool.release(new PacketBuffer(100));              // foreign size: refused
        assertThat(pool.available()).isEqualTo(1);
    }

    @Test
    void aCopiedPacketKeepsRoomForAnSrtpTagBehindIt() {
        PacketBuffer buffer = new PacketBuffer(1200);
        byte[] packet = new byte[1200];
        assertThat(buffer.copyFrom(packet, 0, packet.length)).isTrue();
        assertThat(buffer.offset()).isEqualTo(PacketBuffer.HEADROOM);
        assertThat(buffer.tailroom()).isGreaterThanOrEqualTo(16);     // AEAD_AES_128_GCM tag
        assertThat(buffer.copyFrom(new byte[1201], 0, 1201)).isFalse();
        assertThat(buffer.length()).isEqualTo(1200);
    }
}
