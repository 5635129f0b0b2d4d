package org.confero.mixer.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeaderExtensionsTest {
    private final RtpPacket rtp = new RtpPacket();
    private final HeaderExtensions extensions = new HeaderExtensions();

    @Test
    void oneByteElementsAreFoundPastPaddingOctets() {
        // 0xBEDE, 2 words: id 1 with 1 byte (audio level: V=1, 42), a padding octet, id 2 with 3 bytes
        // (abs-send-time style), a padding octet; then one payload byte.
        byte[] wire = HexFormat.of().parseHex(
                "90000001" + "00000000" + "00000001" + "bede0002" + "10aa" + "00" + "22123456" + "00" + "ee");
        assertThat(rtp.wrap(wire, 0, wire.length)).isTrue();
        assertThat(extensions.audioLevel(rtp, 1)).isEqualTo(0x2a);
        assertThat(extensions.voiceActivity(rtp, 1)).isTrue();
        assertThat(extensions.find(rtp, 2)).isTrue();
        assertThat(extensions.dataLength()).isEqualTo(3);
        assertThat(wire[extensions.dataOffset()]).isEqualTo((byte) 0x12);
        assertThat(extensions.find(rtp, 4)).isFalse();
    }

    @Test
    void twoByteElementsAreFound() {
        // 0x1000, 1 word: id 7, length 2, data 0x0102.
        byte[] wire = HexFormat.of().parseHex("90000001" + "00000000" + "00000001" + "10000001" + "07020102" + "ee");
        assertThat(rtp.wrap(wire, 0, wire.length)).isTrue();
        assertThat(extensions.find(rtp, 7)).isTrue();
        assertThat(extensions.dataLength()).isEqualTo(2);
        assertThat(wire[extensions.dataOffset() + 1]).isEqualTo((byte) 0x02);
    }

    @Test
    void packetsWithoutOrWithBrokenExtensionsReportNothing() {
        byte[] plain = new byte[20];
        RtpPacket.writeHeader(plain, 0, 0, false, 1, 1, 1);
        rtp.wrap(plain, 0, plain.length);
        assertThat(extensions.audioLevel(rtp, 1)).isEqualTo(-1);
        // One-byte element claiming 16 bytes inside a 4-byte extension.
        byte[] broken = HexFormat.of().parseHex("90000001" + "00000000" + "00000001" + "bede0001" + "1f000000");
        assertThat(rtp.wrap(broken, 0, broken.length)).isTrue();
        assertThat(extensions.find(rtp, 1)).isFalse();
        Random random = new Random(8285);
        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(broken);
            broken[0] = (byte) 0x90;
            broken[14] = 0;
            broken[15] = 1;
            if (rtp.wrap(broken, 0, broken.length)) {
                extensions.find(rtp, 1 + random.nextInt(14));
            }
        }
    }
}
