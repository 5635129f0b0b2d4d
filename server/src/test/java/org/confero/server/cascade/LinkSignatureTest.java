package org.confero.server.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinkSignatureTest {
    private final LinkSignature signature = new LinkSignature("0123456789abcdef");

    @Test
    void aBodySignedWithTheSecretVerifiesAndAnyChangeOrOtherSecretDoesNot() {
        byte[] body = LinkMessage.of("big", "b", "10.0.0.2:20000").toJson();
        String signed = signature.sign(body);
        assertThat(signature.verify(body, signed)).isTrue();
        byte[] changed = new String(body, StandardCharsets.UTF_8).replace("20000", "20002")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(signature.verify(changed, signed)).isFalse();
        assertThat(new LinkSignature("another-secret-1234").verify(body, signed)).isFalse();
        assertThat(signature.verify(body, null)).isFalse();
        assertThat(signature.verify(body, "zz")).isFalse();
        assertThat(signature.verify(body, "g".repeat(64))).isFalse();
    }

    @Test
    void aMessageIsAcceptedOnceAndOnlyWithinItsTimeWindow() {
        ReplayGuard guard = new ReplayGuard(30_000, 3);
        assertThat(guard.accept("n1", 1_000_000, 1_010_000)).isTrue();
        assertThat(guard.accept("n1", 1_000_000, 1_010_000)).as("replayed").isFalse();
        assertThat(guard.accept("n2", 1_000_000, 1_031_000)).as("stale").isFalse();
        assertThat(guard.accept("n3", 1_050_000, 1_010_000)).as("from the future").isFalse();
        assertThat(guard.accept("", 1_000_000, 1_000_000)).isFalse();
        for (int i = 0; i < 10; i++) {
            assertThat(guard.accept("m" + i, 1_000_000, 1_000_000)).isTrue(); // bounded: the oldest are forgotten
        }
    }

    @Test
    void messagesParseOnlyWithValidIdsAndRtpAddressesOnlyAsIpLiterals() {
        LinkMessage m = LinkMessage.parse(LinkMessage.of("big", "b", "10.0.0.2:20000").toJson()).orElseThrow();
        assertThat(m.rtpAddress()).hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(20000));
        assertThat(LinkMessage.parse("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(LinkMessage.parse("[1]".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(LinkMessage.parse(new byte[LinkMessage.MAX_BYTES + 1])).isEmpty();
        assertThat(LinkMessage.parse(("{\"room\":\"big\",\"node\":\"B!\",\"rtp\":\"\",\"time\":1,\"nonce\":\"n\"}")
                .getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(new LinkMessage("big", "b", "node-a.example:20000", 1, "n").rtpAddress()).isEmpty();
        assertThat(new LinkMessage("big", "b", "10.0.0.2:0", 1, "n").rtpAddress()).isEmpty();
        assertThat(new LinkMessage("big", "b", "[::1]:20000", 1, "n").rtpAddress()).isPresent();
    }
}
