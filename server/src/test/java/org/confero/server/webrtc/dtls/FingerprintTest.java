package org.confero.server.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintTest {
    @Test
    void parsesSdpValueCaseInsensitivelyAndMatchesTheCertificate() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate("t");
        Fingerprint ours = cert.fingerprint();
        assertThat(ours.hashFunction()).isEqualTo("sha-256");
        assertThat(ours.hex()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        Fingerprint parsed = Fingerprint.parse("SHA-256 " + ours.hex().toLowerCase()).orElseThrow();
        assertThat(parsed).isEqualTo(ours);
        assertThat(parsed.matches(cert.chain().getCertificateAt(0).getEncoded())).isTrue();
    }

    @Test
    void rejectsUnknownHashesAndGarbage() {
        assertThat(Fingerprint.parse("md5 AA:BB")).isEmpty();
        assertThat(Fingerprint.parse("sha-256")).isEmpty();
        assertThat(Fingerprint.parse("sha-256 XYZ")).isEmpty();
        assertThat(Fingerprint.parse("sha-1 AA:BB:CC")).isPresent();
    }
}
