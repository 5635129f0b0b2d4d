package org.confero.server.conference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TierChooserTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theCeilingComesFromWhatThePeersSdpAllows() {
        assertThat(VideoTier.largestWithin(0, 0)).isEqualTo(VideoTier.HD);
        assertThat(VideoTier.largestWithin(3600, 0)).isEqualTo(VideoTier.HD); // H.264 level 3.1, VP8 max-fs=3600
        assertThat(VideoTier.largestWithin(1620, 0)).isEqualTo(VideoTier.SD); // level 3.0
        assertThat(VideoTier.largestWithin(396, 0)).isEqualTo(VideoTier.LD); // level 1.1: CIF
        assertThat(VideoTier.largestWithin(0, 800)).isEqualTo(VideoTier.SD); // b=AS:800
        assertThat(VideoTier.largestWithin(0, 100)).isEqualTo(VideoTier.LD);
    }

    @Test
    void anEstimateBelowWhatIsSentMovesDownOnlyAfterItLastedAndBackUpOnlyAfterALongerGoodSpell() {
        TierChooser chooser = new TierChooser(VideoTier.HD, VideoTier.HD);
        long t = 0;
        // a still picture: the browser's estimate follows the little we send, far under the tier's nominal rate
        for (int i = 0; i < 10; i++, t += S) {
            assertThat(chooser.onBandwidth(250_000, 200_000, t)).isEqualTo(VideoTier.HD);
        }
        // congestion: the estimate falls under what we send; one bad second is not enough
        assertThat(chooser.onBandwidth(600_000, 1_400_000, t)).isEqualTo(VideoTier.HD);
        assertThat(chooser.onBandwidth(600_000, 1_400_000, t + S)).isEqualTo(VideoTier.HD);
        assertThat(chooser.onBandwidth(600_000, 1_400_000, t + 2 * S)).isEqualTo(VideoTier.SD);
        t += 2 * S;
        // room again: up only after eight good seconds
        assertThat(chooser.onBandwidth(3_000_000, 500_000, t + S)).isEqualTo(VideoTier.SD);
        assertThat(chooser.onBandwidth(3_000_000, 500_000, t + 5 * S)).isEqualTo(VideoTier.SD);
        assertThat(chooser.onBandwidth(3_000_000, 500_000, t + 9 * S)).isEqualTo(VideoTier.HD);
    }

    @Test
    void heavyLossInReceiverReportsMovesAPhoneDownAndACleanLinkBringsItBack() {
        TierChooser chooser = new TierChooser(VideoTier.SD, VideoTier.SD);
        assertThat(chooser.onLoss(40, 0)).isEqualTo(VideoTier.SD); // 40/256 ≈ 16 % lost
        assertThat(chooser.onLoss(40, 2 * S)).isEqualTo(VideoTier.LD);
        assertThat(chooser.onLoss(0, 3 * S)).isEqualTo(VideoTier.LD);
        assertThat(chooser.onLoss(0, 12 * S)).isEqualTo(VideoTier.SD);
        assertThat(chooser.onLoss(0, 30 * S)).as("never above the SDP's ceiling").isEqualTo(VideoTier.SD);
    }
}
