package org.confero.mixer.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.confero.mixer.rtp.JitterBuffer.Insert;
import org.confero.mixer.rtp.JitterBuffer.Poll;
import org.junit.jupiter.api.Test;

/** Opus-like stream: 48 kHz, 20 ms packets (960 units), arrivals and mixer ticks on a simulated clock. */
class JitterBufferTest {
    private static final long MS = 1_000_000L;
    private static final int FRAME = 960;

    private final JitterBuffer buffer = new JitterBuffer(JitterBufferConfig.audio(48_000));
    private final PacketBuffer out = buffer.newOutputBuffer();
    private final List<String> played = new ArrayList<>();

    static byte[] packet(int seq, long ts, long ssrc) {
        byte[] p = new byte[12 + 3];
        RtpPacket.writeHeader(p, 0, 111, false, seq, ts, ssrc);
        p[12] = (byte) seq;
        p[13] = (byte) (seq >>> 8);
        p[14] = 0x5a;
        return p;
    }

    private Insert insert(int seq, long ts, long arrivalMs) {
        return insertFrom(0xABCL, seq, ts, arrivalMs);
    }

    private Insert insertFrom(long ssrc, int seq, long ts, long arrivalMs) {
        byte[] p = packet(seq & 0xffff, ts & 0xffffffffL, ssrc);
        return buffer.insert(p, 0, p.length, arrivalMs * MS);
    }

    /** Polls once at {@code nowMs} and records "seq", "LOST seq" or nothing. */
    private Poll tick(long nowMs) {
        Poll result = buffer.poll(nowMs * MS, out);
        if (result == Poll.PACKET) {
            assertThat(out.data()[out.payloadOffset()] & 0xff).isEqualTo(out.sequenceNumber() & 0xff);
            played.add(String.valueOf(out.sequenceNumber()));
        } else if (result == Poll.LOST) {
            played.add("LOST " + out.sequenceNumber());
        }
        return result;
    }

    @Test
    void inOrderPacketsComeOutInOrderAfterTheInitialDelay() {
        for (int i = 0; i < 5; i++) {
            insert(1000 + i, 5000L + FRAME * i, 3 + 20L * i);
        }
        assertThat(tick(0)).isEqualTo(Poll.NOTHING);
        assertThat(tick(20)).isEqualTo(Poll.NOTHING);
        // First packet arrived at 3 ms; 40 ms initial delay puts its playout at 43 ms, inside the 40 ms tick.
        assertThat(tick(40)).isEqualTo(Poll.PACKET);
        assertThat(out.timestamp()).isEqualTo(5000);
        assertThat(out.payloadLength()).isEqualTo(3);
        assertThat(out.tailroom()).isGreaterThanOrEqualTo(16);
        for (long t = 60; t <= 120; t += 20) {
            tick(t);
        }
        assertThat(played).containsExactly("1000", "1001", "1002", "1003", "1004");
        assertThat(tick(140)).isEqualTo(Poll.NOTHING);
        JitterBufferStats stats = buffer.stats();
        assertThat(stats.inserted()).isEqualTo(5);
        assertThat(stats.played()).isEqualTo(5);
        assertThat(stats.lost()).isZero();
        assertThat(stats.targetDelayMillis()).isBetween(20, 40);
    }

    @Test
    void reorderedPacketsArePlayedInSequenceOrder() {
        long[] arrival = {0, 20, 60, 45, 80, 100};   // 2 arrives after 3, but before its playout
        int[] order = {0, 1, 3, 2, 4, 5};
        for (int i = 0; i < order.length; i++) {
            insert(order[i], (long) FRAME * order[i], arrival[i]);
        }
        for (long t = 0; t <= 200; t += 20) {
            tick(t);
        }
        assertThat(played).containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(buffer.stats().lost()).isZero();
    }

    @Test
    void aMissingPacketIsReportedLostOnceAtItsPlayoutTimeThenItsLateArrivalIsDropped() {
        for (int i = 0; i < 10; i++) {
            if (i != 5) {
                insert(i, (long) FRAME * i, 20L * i);
            }
        }
        for (long t = 0; t <= 220; t += 20) {
            tick(t);
        }
        assertThat(played).containsExactly("0", "1", "2", "3", "4", "LOST 5", "6", "7", "8", "9");
        assertThat(insert(5, 5L * FRAME, 230)).isEqualTo(Insert.LATE);
        JitterBufferStats stats = buffer.stats();
        assertThat(stats.lost()).isEqualTo(1);
        assertThat(stats.late()).isEqualTo(1);
    }

    @Test
    void aLostPacketCarriesItsExpectedTimestamp() {
        insert(0, 0, 0);
        insert(1, FRAME, 20);
        insert(3, 3L * FRAME, 60);
        Poll result = Poll.NOTHING;
        for (long t = 0; t <= 200 && result != Poll.LOST; t += 20) {
            result = tick(t);
        }
        assertThat(result).isEqualTo(Poll.LOST);
        assertThat(out.sequenceNumber()).isEqualTo(2);
        assertThat(out.timestamp()).isEqualTo(2L * FRAME);
        assertThat(out.length()).isZero();
        assertThat(buffer.frameTimestampUnits()).isEqualTo(FRAME);
    }

    @Test
    void duplicatesAreDroppedAndCounted() {
        assertThat(insert(7, 0, 0)).isEqualTo(Insert.ACCEPTED);
        assertThat(insert(7, 0, 1)).isEqualTo(Insert.DUPLICATE);
        insert(8, FRAME, 20);
        for (long t = 0; t <= 100; t += 20) {
            tick(t);
        }
        assertThat(played).containsExactly("7", "8");
        assertThat(buffer.stats().duplicate()).isEqualTo(1);
    }

    @Test
    void aFullBufferPushesOutTheOldestPackets() {
        for (int i = 0; i < 80; i++) {
            insert(i, (long) FRAME * i, 20L * i);   // nobody polls: the mixer is stalled
        }
        JitterBufferStats stats = buffer.stats();
        assertThat(stats.overflow()).isEqualTo(16);
        assertThat(stats.buffered()).isEqualTo(64);
        assertThat(tick(1600)).isEqualTo(Poll.PACKET);
        // It catches up to what is due now instead of playing 1.3 s old audio.
        assertThat(out.sequenceNumber()).isGreaterThanOrEqualTo(77);
    }

    @Test
    void sequenceAndTimestampWrapAroundAreOrdinarySteps() {
        long ts = 0x1_0000_0000L - 2L * FRAME;
        for (int i = 0; i < 6; i++) {
            insert(65533 + i, ts + (long) FRAME * i, 20L * i);
        }
        for (long t = 0; t <= 200; t += 20) {
            tick(t);
        }
        assertThat(played).containsExactly("65533", "65534", "65535", "0", "1", "2");
        assertThat(buffer.stats().lost()).isZero();
        assertThat(buffer.stats().resyncs()).isZero();
    }

    @Test
    void aNewSsrcFlushesAndStartsOver() {
        insert(100, 0, 0);
        insert(101, FRAME, 20);
        tick(40);
        insertFrom(0x999, 7, 123_456, 40);
        insertFrom(0x999, 8, 123_456 + FRAME, 60);
        for (long t = 60; t <= 160; t += 20) {
            tick(t);
        }
        assertThat(played).containsExactly("100", "7", "8");
        assertThat(buffer.stats().resyncs()).isEqualTo(1);
    }

    @Test
    void aLongGapOrAWildSequenceJumpResynchronises() {
        insert(1, 0, 0);
        insert(2, FRAME, 20);
        tick(40);
        tick(60);
        insert(3, 2L * FRAME, 2000);                      // 2 s later: rebuffer
        insert(30_000, 500_000, 2020);                    // restart with a new sequence space
        insert(30_001, 500_000 + FRAME, 2040);
        for (long t = 2000; t <= 2200; t += 20) {
            tick(t);
        }
        assertThat(played).containsExactly("1", "2", "30000", "30001");
        assertThat(buffer.stats().resyncs()).isEqualTo(2);
    }

    @Test
    void aSenderRestartingWithLowerSequenceNumbersIsFollowedOnceConfirmed() {
        for (int i = 0; i < 10; i++) {
            insert(10_000 + i, (long) FRAME * i, 20L * i);
            tick(20L * i);
        }
        int before = played.size();
        assertThat(insert(5_000, 0, 200)).isEqualTo(Insert.LATE);      // could be a stray old packet
        assertThat(insert(5_001, FRAME, 220)).isEqualTo(Insert.ACCEPTED); // its successor confirms a restart
        assertThat(insert(5_002, 2L * FRAME, 240)).isEqualTo(Insert.ACCEPTED);
        for (long t = 200; t <= 400; t += 20) {
            tick(t);
        }
        assertThat(played.subList(before, played.size())).contains("5001", "5002").doesNotContain("5000");
        assertThat(buffer.stats().resyncs()).isEqualTo(1);
    }

    @Test
    void aSilenceGapWithContinuousSequenceNumbersIsNotALoss() {
        insert(1, 0, 0);
        insert(2, FRAME, 20);
        // DTX: the next packet (seq 3) carries a timestamp 400 ms later and arrives then.
        insert(3, FRAME + 48_000L * 2 / 5, 420);
        List<Poll> results = new ArrayList<>();
        for (long t = 0; t <= 500; t += 20) {
            results.add(tick(t));
        }
        assertThat(played).containsExactly("1", "2", "3");
        assertThat(results).doesNotContain(Poll.LOST);
        assertThat(buffer.stats().lost()).isZero();
    }

    @Test
    void tenMillisecondPacketsArePulledTwicePerTick() {
        // ptime 10 at 48 kHz: 480 units. The consumer polls until it holds 20 ms of samples per tick.
        for (int i = 0; i < 20; i++) {
            insert(i, 480L * i, 10L * i);
        }
        for (long t = 0; t <= 260; t += 20) {
            int samples = 0;
            for (int attempt = 0; attempt < 4 && samples < 960; attempt++) {
                Poll r = tick(t);
                if (r == Poll.NOTHING) {
                    break;
                }
                samples += 480;
            }
        }
        assertThat(played).hasSize(20).startsWith("0", "1", "2").endsWith("19");
        assertThat(buffer.stats().lost()).isZero();
    }

    @Test
    void sixtyMillisecondPacketsArePulledEveryThirdTick() {
        // G.711 at 8 kHz with ptime 60: 480 units per packet. The consumer holds 60 ms after each decode.
        JitterBuffer g711 = new JitterBuffer(JitterBufferConfig.audio(8000));
        PacketBuffer g711Out = g711.newOutputBuffer();
        for (int i = 0; i < 10; i++) {
            byte[] p = packet(i, 480L * i, 1);
            g711.insert(p, 0, p.length, 60L * i * MS);
        }
        int heldMs = 0;
        List<Integer> order = new ArrayList<>();
        for (long t = 0; t <= 700; t += 20) {
            if (heldMs < 20 && g711.poll(t * MS, g711Out) == Poll.PACKET) {
                order.add(g711Out.sequenceNumber());
                heldMs += 60;
            }
            heldMs = Math.max(0, heldMs - 20);
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(g711.stats().lost()).isZero();
        assertThat(g711.frameTimestampUnits()).isEqualTo(480);
    }

    @Test
    void targetDelayGrowsWithJitterAndShrinksWhenTheNetworkCalmsDown() {
        int seq = 0;
        for (; seq < 200; seq++) {
            long jitterMs = (seq % 4 == 0) ? 90 : 0;        // every fourth packet 90 ms late
            insert(seq, (long) FRAME * seq, 20L * seq + jitterMs);
            tick(20L * seq);
        }
        int grown = buffer.stats().targetDelayMillis();
        assertThat(grown).isBetween(100, 120);            // peak spread 90 ms + one tick
        long lostWhileAdapting = buffer.stats().lost();
        for (; seq < 1500; seq++) {
            insert(seq, (long) FRAME * seq, 20L * seq);
            tick(20L * seq);
        }
        JitterBufferStats calm = buffer.stats();
        assertThat(calm.targetDelayMillis()).isLessThan(30);
        assertThat(calm.lost()).isEqualTo(lostWhileAdapting);
        assertThat(lostWhileAdapting).isLessThanOrEqualTo(4);   // only before the first late packet was seen
        assertThat(calm.targetDelayMillis()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void resetDropsWhatIsBufferedAndWaitsForTheNextPacket() {
        insert(1, 0, 0);
        insert(2, FRAME, 20);
        buffer.reset();
        assertThat(tick(100)).isEqualTo(Poll.NOTHING);
        assertThat(buffer.stats().overflow()).isEqualTo(2);
        insert(3, 2L * FRAME, 120);
        for (long t = 120; t <= 200; t += 20) {
            tick(t);
        }
        assertThat(played).containsExactly("3");
    }

    @Test
    void garbageAndOversizedDatagramsAreCountedNotThrown() {
        assertThat(buffer.insert(new byte[] {1, 2, 3}, 0, 3, 0)).isEqualTo(Insert.MALFORMED);
        byte[] huge = new byte[2000];
        RtpPacket.writeHeader(huge, 0, 111, false, 1, 1, 1);
        assertThat(buffer.insert(huge, 0, huge.length, 0)).isEqualTo(Insert.MALFORMED);
        assertThat(buffer.stats().malformed()).isEqualTo(2);
        assertThat(buffer.stats().inserted()).isZero();
        assertThat(tick(100)).isEqualTo(Poll.NOTHING);
    }
}
