package org.confero.server.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.confero.server.webrtc.srtp.PacketBuffer;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.Test;

class LinkKeysTest {
    private static final String SECRET = "0123456789abcdef";

    @Test
    void bothNodesDeriveMatchingKeysForEachDirectionAndNothingElseDecrypts() {
        try (SrtpTransformer home = LinkKeys.forHome(SECRET, "big", "a", "b", "req", "ans");
                SrtpTransformer remote = LinkKeys.forRemote(SECRET, "big", "a", "b", "req", "ans");
                SrtpTransformer otherLink = LinkKeys.forRemote(SECRET, "big", "a", "b", "req", "other");
                SrtpTransformer otherSecret = LinkKeys.forRemote("another-secret-1234", "big", "a", "b", "req",
                        "ans")) {
            byte[] plain = rtp(0x1234, 7);
            PacketBuffer packet = protect(home, plain);
            byte[] wire = Arrays.copyOfRange(packet.getBuffer(), packet.getOffset(),
                    packet.getOffset() + packet.getLength());
            assertThat(wire.length).as("AEAD tag added").isEqualTo(plain.length + 16);
            assertThat(Arrays.copyOfRange(wire, 12, plain.length)).as("payload encrypted")
                    .isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));

            assertThat(unprotect(otherLink, wire)).isNotEqualTo(SrtpErrorStatus.OK);
            assertThat(unprotect(otherSecret, wire)).isNotEqualTo(SrtpErrorStatus.OK);
            byte[] tampered = wire.clone();
            tampered[20] ^= 1;
            assertThat(unprotect(remote, tampered)).isNotEqualTo(SrtpErrorStatus.OK);
            PacketBuffer in = new PacketBuffer();
            assertThat(in.load(wire, 0, wire.length)).isTrue();
            assertThat(remote.unprotectRtp(in)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(Arrays.copyOfRange(in.getBuffer(), in.getOffset(), in.getOffset() + in.getLength()))
                    .isEqualTo(plain);

            byte[] back = rtp(0x5678, 9);
            PacketBuffer reply = protect(remote, back);
            byte[] replyWire = Arrays.copyOfRange(reply.getBuffer(), reply.getOffset(),
                    reply.getOffset() + reply.getLength());
            assertThat(unprotect(home, replyWire)).as("the other direction, its own key").isEqualTo(SrtpErrorStatus.OK);
        }
    }

    private static PacketBuffer protect(SrtpTransformer t, byte[] plain) {
        PacketBuffer packet = new PacketBuffer();
        assertThat(packet.load(plain, 0, plain.length)).isTrue();
        assertThat(t.protectRtp(packet)).isEqualTo(SrtpErrorStatus.OK);
        return packet;
    }

    private static SrtpErrorStatus unprotect(SrtpTransformer t, byte[] wire) {
        PacketBuffer in = new PacketBuffer();
        in.load(wire, 0, wire.length);
        return t.unprotectRtp(in);
    }

    private static byte[] rtp(int ssrc, int seq) {
        byte[] p = new byte[12 + 80];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[3] = (byte) seq;
        p[8] = (byte) (ssrc >> 24);
        p[9] = (byte) (ssrc >> 16);
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) i;
        }
        return p;
    }
}
