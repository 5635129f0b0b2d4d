package org.confero.server.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketKindTest {
    private static PacketKind kind(int first, int second) {
        byte[] p = new byte[12];
        p[0] = (byte) first;
        p[1] = (byte) second;
        return PacketKind.of(p, 0, p.length);
    }

    @Test
    void firstByteRangesOfRfc7983() {
        assertThat(kind(0x00, 0x01)).isEqualTo(PacketKind.STUN);
        assertThat(kind(22, 0xFE)).isEqualTo(PacketKind.DTLS); // handshake record
        assertThat(kind(21, 0xFE)).isEqualTo(PacketKind.DTLS); // alert
        assertThat(kind(0x80, 111)).isEqualTo(PacketKind.RTP);
        assertThat(kind(0x80, 0x80 | 111)).isEqualTo(PacketKind.RTP); // marker bit set
        assertThat(kind(0x81, 200)).isEqualTo(PacketKind.RTCP); // SR
        assertThat(kind(0x81, 206)).isEqualTo(PacketKind.RTCP); // PSFB
        assertThat(kind(64, 0)).isEqualTo(PacketKind.UNKNOWN); // TURN channel
        assertThat(kind(255, 0)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.of(new byte[] {(byte) 0x80, 111}, 0, 2)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.of(new byte[0], 0, 0)).isEqualTo(PacketKind.UNKNOWN);
    }
}
