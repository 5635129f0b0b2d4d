package org.confero.mixer.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    private final RtpPacket rtp = new RtpPacket();

    @Test
    void writtenHeaderReadsBackWithEveryField() {
        byte[] buf = new byte[5 + 12 + 3];
        assertThat(RtpPacket.writeHeader(buf, 5, 111, true, 65535, 0xFFFF_FFFFL, 0xDEAD_BEEFL)).isEqualTo(12);
        buf[17] = 1;
        buf[18] = 2;
        buf[19] = 3;

        assertThat(rtp.wrap(buf, 5, 15)).isTrue();
        assertThat(rtp.version()).isEqualTo(2);
        assertThat(rtp.padding()).isFalse();
        assertThat(rtp.extension()).isFalse();
        assertThat(rtp.marker()).isTrue();
        assertThat(rtp.payloadType()).isEqualTo(111);
        assertThat(rtp.sequenceNumber()).isEqualTo(65535);
        assertThat(rtp.timestamp()).isEqualTo(0xFFFF_FFFFL);
        assertThat(rtp.ssrc()).isEqualTo(0xDEAD_BEEFL);
        assertThat(rtp.csrcCount()).isZero();
        assertThat(rtp.payloadOffset()).isEqualTo(17);
        assertThat(rtp.payloadLength()).isEqualTo(3);
    }

    @Test
    void pcmuPacketAsOnTheWireParses() {
        // V=2, PT=0 (PCMU), seq 0x1234, ts 0x000003C0 (960), SSRC 0x11223344, 4 payload bytes of µ-law silence.
        byte[] wire = HexFormat.of().parseHex("80001234000003c011223344ffffffff");
        assertThat(rtp.wrap(wire, 0, wire.length)).isTrue();
        assertThat(rtp.payloadType()).isZero();
        assertThat(rtp.sequenceNumber()).isEqualTo(0x1234);
        assertThat(rtp.timestamp()).isEqualTo(960);
        assertThat(rtp.ssrc()).isEqualTo(0x11223344L);
        assertThat(rtp.payloadLength()).isEqualTo(4);
    }

    @Test
    void csrcListExtensionAndPaddingAreSkippedToFindThePayload() {
        // V=2 P=1 X=1 CC=2, M=1 PT=96, two CSRCs, RFC 8285 one-byte extension (0xBEDE, 1 word: audio level),
        // 2 payload bytes, 2 padding bytes (last octet = 2).
        byte[] wire = HexFormat.of().parseHex(
                "b2e00001" + "00000064" + "cafebabe" + "00000001" + "00000002"
                        + "bede0001" + "10ff0000" + "abcd" + "0002");
        assertThat(rtp.wrap(wire, 0, wire.length)).isTrue();
        assertThat(rtp.padding()).isTrue();
        assertThat(rtp.extension()).isTrue();
        assertThat(rtp.marker()).isTrue();
        assertThat(rtp.payloadType()).isEqualTo(96);
        assertThat(rtp.csrcCount()).isEqualTo(2);
        assertThat(rtp.csrc(1)).isEqualTo(2);
        assertThat(rtp.extensionOffset()).isEqualTo(20);
        assertThat(rtp.extensionLength()).isEqualTo(4);
        assertThat(rtp.headerLength()).isEqualTo(28);
        assertThat(rtp.payloadLength()).isEqualTo(2);
        assertThat(wire[rtp.payloadOffset()]).isEqualTo((byte) 0xab);
    }

    @Test
    void inconsistentHeadersAreRejected() {
        HexFormat hex = HexFormat.of();
        assertThat(rtp.wrap(hex.parseHex("40001234000003c011223344"), 0, 12)).as("version 1").isFalse();
        assertThat(rtp.wrap(hex.parseHex("80001234000003c0112233"), 0, 11)).as("short").isFalse();
        assertThat(rtp.wrap(hex.parseHex("81001234000003c011223344"), 0, 12)).as("CSRC missing").isFalse();
        assertThat(rtp.wrap(hex.parseHex("90001234000003c011223344bede"), 0, 14)).as("ext header cut").isFalse();
        assertThat(rtp.wrap(hex.parseHex("90001234000003c011223344bede0002aabbccdd"), 0, 20))
                .as("ext longer than packet").isFalse();
        assertThat(rtp.wrap(hex.parseHex("a0001234000003c011223344aa00"), 0, 14)).as("padding 0").isFalse();
        assertThat(rtp.wrap(hex.parseHex("a0001234000003c011223344aa09"), 0, 14)).as("padding too big").isFalse();
        assertThat(rtp.wrap(new byte[20], 10, 20)).as("range beyond array").isFalse();
        assertThat(rtp.isWrapped()).isFalse();
    }

    @Test
    void rtcpIsToldApartFromRtpInAMuxedStream() {
        byte[] rr = HexFormat.of().parseHex("80c90001deadbeef");
        byte[] opus = new byte[12];
        RtpPacket.writeHeader(opus, 0, 111, true, 1, 1, 1);
        byte[] markerPt0 = new byte[12];
        RtpPacket.writeHeader(markerPt0, 0, 0, true, 1, 1, 1);
        assertThat(RtpPacket.isRtcp(rr, 0, rr.length)).isTrue();
        assertThat(RtpPacket.isRtcp(opus, 0, 12)).isFalse();
        assertThat(RtpPacket.isRtcp(markerPt0, 0, 12)).isFalse();
        assertThat(RtpPacket.isRtcp(rr, 0, 1)).isFalse();
    }

    @Test
    void randomBytesNeverThrowAndAcceptedPacketsStayInBounds() {
        Random random = new Random(3550);
        byte[] buf = new byte[300];
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            random.nextBytes(buf);
            if ((i & 1) == 0) {
                buf[0] = (byte) (0x80 | (buf[0] & 0x3f)); // half of them look like version 2
            }
            int len = random.nextInt(buf.length + 1);
            if (rtp.wrap(buf, 0, len)) {
                accepted++;
                assertThat(rtp.payloadLength()).isBetween(0, len - 12);
                assertThat(rtp.payloadOffset() + rtp.payloadLength()).isLessThanOrEqualTo(len);
            }
        }
        assertThat(accepted).isPositive();
    }
}
