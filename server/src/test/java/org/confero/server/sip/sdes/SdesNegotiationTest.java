package org.confero.server.sip.sdes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.confero.server.sdp.Attribute;
import org.confero.server.sdp.MediaDescription;
import org.confero.server.webrtc.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;

class SdesNegotiationTest {
    private static final String KEY30 = Base64.getEncoder().encodeToString(new byte[30]);
    private static final String KEY28 = Base64.getEncoder().encodeToString(new byte[28]);

    @Test
    void prefersGcmThenCmAndAnswersWithTheOfferersTagAndAFreshKey() {
        var outcome = SdesNegotiation.negotiate(audio("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30,
                "7 AEAD_AES_128_GCM inline:" + KEY28), true);
        SdesKeys keys = ((SdesNegotiation.Outcome.Keyed) outcome).keys();
        assertThat(keys.local().tag()).isEqualTo(7);
        assertThat(keys.local().profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(keys.local().sameKeyAs(keys.remote())).isFalse();
        assertThat(keys.local().attributeValue()).startsWith("7 AEAD_AES_128_GCM inline:");
        assertThat(keys.toString()).doesNotContain(keys.local().attributeValue().substring(25));
    }

    @Test
    void keysOverAPlainTransportAreNeverUsed() {
        assertThat(SdesNegotiation.negotiate(audio("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30), false))
                .isInstanceOf(SdesNegotiation.Outcome.Unusable.class);
        assertThat(SdesNegotiation.negotiate(audio("RTP/AVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30), false))
                .isInstanceOf(SdesNegotiation.Outcome.Plain.class);
    }

    @Test
    void unusableLinesGiveAReasonOnSavpAndPlainOnAvp() {
        String[] bad = {"1 AES_CM_128_HMAC_SHA1_32 inline:" + KEY30, "2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY28,
            "3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|2^20|1:4", "x AES_CM_128_HMAC_SHA1_80 inline:" + KEY30,
            "4 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + " UNENCRYPTED_SRTP", "5 AES_CM_128_HMAC_SHA1_80 inline:%%%"};
        assertThat(SdesNegotiation.negotiate(audio("RTP/SAVP", bad), true))
                .isInstanceOf(SdesNegotiation.Outcome.Unusable.class);
        assertThat(SdesNegotiation.negotiate(audio("RTP/AVP", bad), true))
                .isInstanceOf(SdesNegotiation.Outcome.Plain.class);
        assertThat(SdesNegotiation.negotiate(audio("RTP/SAVP"), true))
                .isInstanceOf(SdesNegotiation.Outcome.Unusable.class);
    }

    @Test
    void aLifetimeIsAcceptedAndAKeyNeverPrinted() {
        CryptoLine.Parsed parsed = CryptoLine.parse("9 AES_CM_128_HMAC_SHA1_80 inline:" + KEY30 + "|2^31");
        CryptoLine line = ((CryptoLine.Parsed.Usable) parsed).line();
        assertThat(line.tag()).isEqualTo(9);
        assertThat(line.toString()).doesNotContain(KEY30).contains("AES_CM_128_HMAC_SHA1_80");
        assertThat(line.key()).hasSize(16);
        assertThat(line.salt()).hasSize(14);
    }

    private static MediaDescription audio(String protocol, String... crypto) {
        return new MediaDescription("audio", 4000, protocol, List.of("0"), Optional.empty(), List.of(),
                java.util.Arrays.stream(crypto).map(c -> Attribute.of("crypto", c)).toList());
    }
}
