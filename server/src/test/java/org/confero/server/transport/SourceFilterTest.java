package org.confero.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SourceFilterTest {
    private static final InetSocketAddress SDP = new InetSocketAddress("192.168.1.20", 4000);
    private static final InetSocketAddress NAT = new InetSocketAddress("203.0.113.7", 61_000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("198.51.100.9", 5000);

    @Test
    void aReachableSdpAddressIsTheOnlySourceAndNeverLatches() throws Exception {
        SourceFilter f = new SourceFilter(3, false);
        InetSocketAddress phone = new InetSocketAddress("203.0.113.7", 4000);
        f.signallingSource(InetAddress.getByName("203.0.113.7"));
        f.expect(phone, new InetSocketAddress("203.0.113.7", 4001));
        assertThat(f.mode()).isEqualTo(SourceFilter.Mode.STRICT);
        for (int seq = 0; seq < 10; seq++) {
            assertThat(f.acceptRtp(STRANGER, rtp(seq, 7))).isEqualTo(SourceFilter.Verdict.REFUSE);
            assertThat(f.acceptRtp(new InetSocketAddress("203.0.113.7", 4002), rtp(seq, 7)))
                    .isEqualTo(SourceFilter.Verdict.REFUSE);
        }
        assertThat(f.acceptRtp(phone, rtp(1, 9))).isEqualTo(SourceFilter.Verdict.ACCEPT);
        assertThat(f.rtpTarget()).isEqualTo(phone);
        assertThat(f.acceptRtcp(new InetSocketAddress("203.0.113.7", 4001), false)).isTrue();
        assertThat(f.acceptRtcp(STRANGER, false)).isFalse();
    }

    @Test
    void behindNatTheLegLatchesOnlyAfterInSequencePacketsFromTheSignallingAddress() throws Exception {
        SourceFilter f = new SourceFilter(3, false);
        f.signallingSource(InetAddress.getByName("203.0.113.7"));
        f.expect(SDP, null);
        assertThat(f.mode()).isEqualTo(SourceFilter.Mode.LATCHING);
        assertThat(f.rtpTarget()).as("nothing is sent to a private address we cannot reach").isNull();
        for (int seq = 0; seq < 10; seq++) {
            assertThat(f.acceptRtp(STRANGER, rtp(seq, 7))).as("another IP never latches")
                    .isEqualTo(SourceFilter.Verdict.REFUSE);
        }
        assertThat(f.acceptRtp(NAT, rtp(100, 5))).isEqualTo(SourceFilter.Verdict.REFUSE);
        assertThat(f.acceptRtp(NAT, rtp(105, 5))).as("out of sequence: starts over").isEqualTo(SourceFilter.Verdict.REFUSE);
        assertThat(f.acceptRtp(NAT, rtp(106, 5))).isEqualTo(SourceFilter.Verdict.REFUSE);
        assertThat(f.acceptRtp(NAT, rtp(107, 5))).isEqualTo(SourceFilter.Verdict.LATCHED_NOW);
        assertThat(f.rtpTarget()).isEqualTo(NAT);
        InetSocketAddress samePublicIpOtherPort = new InetSocketAddress("203.0.113.7", 61_002);
        assertThat(f.acceptRtp(samePublicIpOtherPort, rtp(108, 5))).isEqualTo(SourceFilter.Verdict.REFUSE);
        assertThat(f.acceptRtp(NAT, rtp(108, 5))).isEqualTo(SourceFilter.Verdict.ACCEPT);

        // A re-INVITE naming the same address keeps the latch; a new address applies the rules afresh.
        f.expect(SDP, null);
        assertThat(f.mode()).isEqualTo(SourceFilter.Mode.LATCHED);
        f.expect(new InetSocketAddress("192.168.1.20", 4100), null);
        assertThat(f.mode()).isEqualTo(SourceFilter.Mode.LATCHING);
        assertThat(f.acceptRtp(NAT, rtp(109, 5))).isEqualTo(SourceFilter.Verdict.REFUSE);
    }

    @Test
    void latchingFromAnyAddressIsASetting() throws Exception {
        SourceFilter f = new SourceFilter(2, true);
        f.signallingSource(InetAddress.getByName("203.0.113.7"));
        f.expect(SDP, null);
        assertThat(f.acceptRtp(STRANGER, rtp(1, 3))).isEqualTo(SourceFilter.Verdict.REFUSE);
        assertThat(f.acceptRtp(STRANGER, rtp(2, 3))).isEqualTo(SourceFilter.Verdict.LATCHED_NOW);
    }

    @Test
    void noAddressMeansNoMedia() {
        SourceFilter f = new SourceFilter(3, false);
        f.expect(null, null);
        assertThat(f.acceptRtp(STRANGER, rtp(1, 1))).isEqualTo(SourceFilter.Verdict.REFUSE);
        assertThat(f.rtpTarget()).isNull();
    }

    private static byte[] rtp(int seq, int ssrc) {
        byte[] p = new byte[12];
        p[0] = (byte) 0x80;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[11] = (byte) ssrc;
        return p;
    }
}
