package org.confero.server.conference;

import org.confero.mixer.video.Tier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TierChooserTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theCeilingComesFromWhatThePeersSdpAllows() {
        assertThat(Tier.largestWithin(0, 0)).isEqualTo(Tier.P720);
        assertThat(Tier.largestWithin(3600, 0)).isEqualTo(Tier.P720); // H.264 level 3.1, VP8 max-fs=3600
        assertThat(Tier.largestWithin(1620, 0)).isEqualTo(Tier.P360); // level 3.0
        assertThat(Tier.largestWithin(396, 0)).isEqualTo(Tier.P180); // level 1.1: CIF
        assertThat(Tier.largestWithin(0, 800)).isEqualTo(Tier.P360); // b=AS:800
        assertThat(Tier.largestWithin(0, 100)).isEqualTo(Tier.P180);
    }

    @Test
    void anEstimateBelowWhatIsSentMovesDownOnlyAfterItLastedAndBackUpOnlyAfterALongerGoodSpell() {
        TierChooser chooser = new TierChooser(Tier.P720, Tier.P720);
        long t = 0;
        // a still picture: the browser's estimate follows the little we send, far under the tier's nominal rate
        for (int i = 0; i < 10; i++, t += S) {
            assertThat(chooser.onBandwidth(250_000, 200_000, t)).isEqualTo(Tier.P720);
        }
        // congestion: the estimate falls under what we send; one bad second is not enough
        assertThat(chooser.onBandwidth(600_000, 1_400_000, t)).isEqualTo(Tier.P720);
        assertThat(chooser.onBandwidth(600_000, 1_400_000, t + S)).isEqualTo(Tier.P720);
        assertThat(chooser.onBandwidth(600_000, 1_400_000, t + 2 * S)).isEqualTo(Tier.P360);
        t += 2 * S;
        // room again: up only after eight good seconds
        assertThat(chooser.onBandwidth(3_000_000, 500_000, t + S)).isEqualTo(Tier.P360);
        assertThat(chooser.onBandwidth(3_000_000, 500_000, t + 5 * S)).isEqualTo(Tier.P360);
        assertThat(chooser.onBandwidth(3_000_000, 500_000, t + 9 * S)).isEqualTo(Tier.P720);
    }

    @Test
    void heavyLossInReceiverReportsMovesAPhoneDownAndACleanLinkBringsItBack() {
        TierChooser chooser = new TierChooser(Tier.P360, Tier.P360);
        assertThat(chooser.onLoss(40, 0)).isEqualTo(Tier.P360); // 40/256 ≈ 16 % lost
        assertThat(chooser.onLoss(40, 2 * S)).isEqualTo(Tier.P180);
        assertThat(chooser.onLoss(0, 3 * S)).isEqualTo(Tier.P180);
        assertThat(chooser.onLoss(0, 12 * S)).isEqualTo(Tier.P360);
        assertThat(chooser.onLoss(0, 30 * S)).as("never above the SDP's ceiling").isEqualTo(Tier.P360);
    }
}
