package org.confero.mixer.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SenderStatisticsTest {
    private static final long MS = 1_000_000L;

    @Test
    void senderReportCarriesCountsAndAnExtrapolatedRtpTimestamp() {
        SenderStatistics sender = new SenderStatistics(77, 48_000);
        for (int i = 0; i < 50; i++) {
            sender.onPacketSent(120, 960L * i, 20 * MS * i);
        }
        byte[] buf = new byte[64];
        long unixNanos = 1_700_000_000_123_000_000L;
        int n = sender.writeSenderReport(buf, 0, unixNanos, 49 * 20 * MS + 10 * MS, List.of());
        assertThat(n).isEqualTo(28);

        RecordingRtcpListener listener = new RecordingRtcpListener();
        assertThat(new RtcpParser().parse(buf, 0, n, listener)).isEqualTo(RtcpParseResult.OK);
        long ntp = NtpTime.fromUnixNanos(unixNanos);
        // last packet ts 47040, 10 ms later at 48 kHz: +480
        assertThat(listener.events).containsExactly(
                "SR 77 ntp=" + Long.toHexString(ntp) + " rtp=47520 p=50 o=6000");
        assertThat(ntp >>> 32).isEqualTo(1_700_000_000L + NtpTime.UNIX_EPOCH_OFFSET_SECONDS);
    }

    @Test
    void roundTripTimeComesFromLsrAndDlsr() {
        SenderStatistics sender = new SenderStatistics(77, 48_000);
        long srSentNtp = NtpTime.fromUnixNanos(1_700_000_000_000_000_000L);
        // The remote held the SR for 100 ms; the RR arrives 180 ms after we sent the SR: RTT 80 ms.
        long dlsr = NtpTime.nanosToCompact(100 * MS);
        long arrivalNtp = NtpTime.fromUnixNanos(1_700_000_000_180_000_000L);
        sender.onReportBlock(12, 30, NtpTime.compact(srSentNtp), dlsr, arrivalNtp);
        assertThat(sender.rttNanos() / 1e6).isCloseTo(80.0, within(0.1));
        assertThat(sender.remoteFractionLost()).isEqualTo(12);
    }

    @Test
    void noRttWithoutAnEchoedSenderReport() {
        SenderStatistics sender = new SenderStatistics(77, 48_000);
        sender.onReportBlock(0, 0, 0, 0, NtpTime.fromUnixNanos(1_700_000_000_000_000_000L));
        assertThat(sender.rttNanos()).isEqualTo(-1);
    }

    @Test
    void ntpCompactFormRoundTripsDurations() {
        assertThat(NtpTime.nanosToCompact(1_000_000_000L)).isEqualTo(65536);
        assertThat(NtpTime.compactToNanos(32768)).isEqualTo(500_000_000L);
        assertThat(NtpTime.nanosToCompact(-5)).isZero();
    }

    @Test
    void mosFallsWithLossJitterAndDelay() {
        double perfect = MosEstimate.of(0, 0, 0);
        double lossy = MosEstimate.of(0.05, 0, 0);
        double jittery = MosEstimate.of(0, 60, 0);
        double far = MosEstimate.of(0, 0, 600);
        assertThat(perfect).isBetween(4.3, 4.5);
        assertThat(lossy).isLessThan(perfect).isBetween(3.5, 4.2);
        assertThat(jittery).isLessThan(perfect);
        assertThat(far).isLessThan(jittery);
        assertThat(MosEstimate.of(1, 500, 2000)).isEqualTo(1.0);
    }
}
