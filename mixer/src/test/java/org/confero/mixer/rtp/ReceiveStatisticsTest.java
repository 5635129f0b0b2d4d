package org.confero.mixer.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiveStatisticsTest {
    private static final long MS = 1_000_000L;
    private final ReceiveStatistics stats = new ReceiveStatistics(0x1234, 8000);

    @Test
    void aSourceIsValidOnlyAfterTwoSequentialPackets() {
        assertThat(stats.onPacket(100, 0, 0)).isFalse();
        assertThat(stats.isValid()).isFalse();
        assertThat(stats.reportBlock(0)).isNull();
        assertThat(stats.onPacket(101, 160, 20 * MS)).isTrue();
        assertThat(stats.isValid()).isTrue();
        // RFC 3550 A.1: init_seq on the packet that ends probation, so counting starts there.
        assertThat(stats.expected()).isEqualTo(1);
        assertThat(stats.received()).isEqualTo(1);
    }

    @Test
    void nonSequentialPacketsKeepASourceOnProbation() {
        stats.onPacket(100, 0, 0);
        assertThat(stats.onPacket(105, 0, 0)).isFalse();
        assertThat(stats.onPacket(106, 0, 0)).isTrue();
        assertThat(stats.discarded()).isEqualTo(2);
    }

    @Test
    void sequenceWrapAroundCountsACycle() {
        for (int i = 0; i < 10; i++) {
            stats.onPacket((65530 + i) & 0xffff, 160L * i, 20 * MS * i);
        }
        assertThat(stats.extendedHighestSequence()).isEqualTo(65536 + 3);
        assertThat(stats.expected()).isEqualTo(9);
        assertThat(stats.lost()).isZero();
    }

    @Test
    void lossAndFractionLostFollowAppendixA3() {
        stats.onPacket(0, 0, 0);
        stats.onPacket(1, 160, 0);          // valid from here: base 1
        for (int s = 2; s <= 10; s++) {
            if (s != 4 && s != 7) {         // 4 and 7 are lost
                stats.onPacket(s, 160L * s, 0);
            }
        }
        ReportBlock first = stats.reportBlock(0);
        assertThat(first.cumulativeLost()).isEqualTo(2);
        assertThat(first.extendedHighestSeq()).isEqualTo(10);
        assertThat(first.fractionLost()).isEqualTo(2 * 256 / 10);  // 10 expected, 2 lost → 51

        for (int s = 11; s <= 20; s++) {
            stats.onPacket(s, 160L * s, 0);
        }
        ReportBlock second = stats.reportBlock(0);
        assertThat(second.fractionLost()).isZero();
        assertThat(second.cumulativeLost()).isEqualTo(2);
    }

    @Test
    void duplicatesMakeCumulativeLossNegativeButFractionZero() {
        stats.onPacket(0, 0, 0);
        stats.onPacket(1, 0, 0);
        stats.onPacket(2, 0, 0);
        stats.onPacket(2, 0, 0);
        stats.onPacket(2, 0, 0);
        assertThat(stats.lost()).isEqualTo(-2);
        ReportBlock block = stats.reportBlock(0);
        assertThat(block.cumulativeLost()).isEqualTo(-2);
        assertThat(block.fractionLost()).isZero();
    }

    @Test
    void aHugeJumpIsBelievedOnlyWhenTheNextPacketFollowsIt() {
        stats.onPacket(10, 0, 0);
        stats.onPacket(11, 0, 0);
        assertThat(stats.onPacket(40_000, 0, 0)).isFalse();   // wild jump: ignored once
        assertThat(stats.onPacket(12, 0, 0)).isTrue();
        assertThat(stats.onPacket(50_000, 0, 0)).isFalse();
        assertThat(stats.onPacket(50_001, 0, 0)).isTrue();    // confirmed: the sender restarted
        assertThat(stats.restarts()).isEqualTo(1);
        assertThat(stats.expected()).isEqualTo(1);
        assertThat(stats.extendedHighestSequence()).isEqualTo(50_001);
    }

    @Test
    void jitterMatchesAHandComputedExample() {
        // 8 kHz, 20 ms packets (160 units). Transit in units: p0 0, p1 0, p2 +80 (10 ms late), p3 0, p4 0.
        // A.8: J += (|D| - J)/16 in integer form (J scaled by 16): after p2 16J = 80 → 5;
        // after p3 16J = 80 + 80 - (88 >> 4 = 5) = 155 → 9; after p4 16J = 155 - (163 >> 4 = 10) = 145 → 9.
        long[] arrivalMs = {0, 20, 50, 60, 80};
        long[] expectedJitter = {0, 0, 5, 9, 9};
        for (int i = 0; i < arrivalMs.length; i++) {
            stats.onPacket(1000 + i, 160L * i, arrivalMs[i] * MS);
            assertThat(stats.jitter()).as("after packet %d", i).isEqualTo(expectedJitter[i]);
        }
        assertThat(stats.jitterMillis()).isEqualTo(9 / 8.0);
    }

    @Test
    void jitterIgnoresTimestampWrapAround() {
        long ts = 0xFFFF_FFFFL - 320;
        for (int i = 0; i < 6; i++) {
            stats.onPacket(i, (ts + 160L * i) & 0xFFFF_FFFFL, 20 * MS * i);
        }
        assertThat(stats.jitter()).isZero();
    }

    @Test
    void reportBlockEchoesTheLastSenderReport() {
        stats.onPacket(0, 0, 0);
        stats.onPacket(1, 160, 0);
        long ntp = 0xE6A1_B2C3_8000_0000L;
        stats.onSenderReport(ntp, 1_000 * MS);
        ReportBlock block = stats.reportBlock(1_250 * MS);
        assertThat(block.ssrc()).isEqualTo(0x1234);
        assertThat(block.lastSr()).isEqualTo(0xB2C3_8000L);
        assertThat(block.delaySinceLastSr()).isEqualTo(65536 / 4);  // 250 ms in 1/65536 s
    }

    @Test
    void mosEstimateDropsWhenPacketsGoMissing() {
        ReceiveStatistics clean = new ReceiveStatistics(1, 8000);
        for (int s = 0; s < 100; s++) {
            clean.onPacket(s, 160L * s, 20 * MS * s);
            if (s % 10 != 5) {
                stats.onPacket(s, 160L * s, 20 * MS * s);   // 10 % loss
            }
        }
        assertThat(clean.mosEstimate(-1)).isGreaterThan(4.3);
        assertThat(stats.mosEstimate(-1)).isLessThan(clean.mosEstimate(-1) - 0.5);
    }
}
