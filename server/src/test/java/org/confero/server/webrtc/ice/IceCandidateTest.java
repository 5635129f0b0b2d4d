package org.confero.server.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IceCandidateTest {
    @Test
    void parsesChromiumHostAndSrflxCandidates() {
        IceCandidate host = IceCandidate.parse("candidate:2038576919 1 udp 2122194687 127.0.0.1 53677 typ host "
                + "generation 0 network-id 3 network-cost 50").orElseThrow();
        assertThat(host.address()).isEqualTo("127.0.0.1");
        assertThat(host.port()).isEqualTo(53677);
        assertThat(host.priority()).isEqualTo(2122194687L);
        assertThat(host.type()).isEqualTo("host");

        IceCandidate srflx = IceCandidate.parse("a=candidate:842163049 1 UDP 1677729535 203.0.113.7 61000 typ srflx "
                + "raddr 10.0.0.2 rport 50000").orElseThrow();
        assertThat(srflx.transport()).isEqualTo("udp");
        assertThat(srflx.relatedAddress()).contains("10.0.0.2");
        assertThat(srflx.relatedPort()).isEqualTo(50000);
    }

    @Test
    void rejectsMalformedLines() {
        assertThat(IceCandidate.parse("candidate:1 1 udp notanumber 1.2.3.4 5 typ host")).isEmpty();
        assertThat(IceCandidate.parse("candidate:1 1 udp 1 1.2.3.4 99999 typ host")).isEmpty();
        assertThat(IceCandidate.parse("candidate:1 1 udp 1 1.2.3.4 5 host")).isEmpty();
        assertThat(IceCandidate.parse("end-of-candidates")).isEmpty();
        assertThat(IceCandidate.parse(null)).isEmpty();
    }

    @Test
    void ourHostCandidateHasRfc8445HostPriority() {
        assertThat(IceCandidate.host("127.0.0.1", 40000).attributeValue())
                .isEqualTo("candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host generation 0");
    }
}
