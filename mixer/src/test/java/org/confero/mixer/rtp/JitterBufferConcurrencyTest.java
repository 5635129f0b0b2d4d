package org.confero.mixer.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.confero.mixer.rtp.JitterBuffer.Poll;
import org.junit.jupiter.api.Test;

/** One socket thread inserting while the mixer thread polls: order, integrity and accounting hold. */
class JitterBufferConcurrencyTest {
    private static final long MS = 1_000_000L;
    private static final int PACKETS = 5_000;
    private static final long DEADLINE_NANOS = 20_000 * MS;

    @Test
    void aProducerAndAConsumerThreadNeverSeeTornOrReorderedPackets() throws Exception {
        JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.audio(48_000));
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger ticks = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + DEADLINE_NANOS;

        Thread producer = new Thread(() -> {
            byte[] p = new byte[12 + 100];
            for (int i = 0; i < PACKETS && System.nanoTime() < deadline; i++) {
                while (i - ticks.get() > 8 && System.nanoTime() < deadline) {
                    Thread.yield(); // keep a few packets ahead of the mixer, like a real network
                }
                RtpPacket.writeHeader(p, 0, 111, false, i & 0xffff, 960L * i, 42);
                for (int b = 12; b < p.length; b++) {
                    p[b] = (byte) (i * 31 + b);     // content derived from the packet number
                }
                buffer.insert(p, 0, p.length, 20L * i * MS);
                produced.set(i + 1);
            }
        }, "test-socket");

        PacketBuffer out = buffer.newOutputBuffer();
        Thread consumer = new Thread(() -> {
            try {
                long lastPacketNumber = -1;
                for (int tick = 0; tick < PACKETS + 10 && System.nanoTime() < deadline; ) {
                    if (produced.get() < Math.min(PACKETS, tick + 3)) {
                        Thread.yield();
                        continue;
                    }
                    if (buffer.poll(20L * tick * MS, out) == Poll.PACKET) {
                        long packetNumber = out.timestamp() / 960;     // no timestamp wrap in 5 000 packets
                        assertThat(packetNumber & 0xffff).isEqualTo(out.sequenceNumber());
                        assertThat(packetNumber).isGreaterThan(lastPacketNumber);
                        lastPacketNumber = packetNumber;
                        byte[] d = out.data();
                        for (int b = 12; b < 112; b++) {
                            assertThat(d[out.offset() + b]).isEqualTo((byte) (packetNumber * 31 + b));
                        }
                    }
                    tick++;
                    ticks.set(tick);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "test-mixer");

        consumer.start();
        producer.start();
        producer.join(DEADLINE_NANOS / MS + 1000);
        consumer.join(DEADLINE_NANOS / MS + 1000);
        assertThat(producer.isAlive()).isFalse();
        assertThat(consumer.isAlive()).isFalse();
        assertThat(failure.get()).isNull();

        JitterBufferStats stats = buffer.stats();
        assertThat(stats.inserted()).isEqualTo(PACKETS);
        assertThat(stats.played()).isGreaterThan(PACKETS - 10);
        assertThat(stats.lost()).isZero();
        assertThat(stats.played() + stats.late() + stats.overflow() + stats.buffered()).isEqualTo(PACKETS);
    }
}
