package org.confero.server.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestMathTest {
    // RFC 7616 §3.9.1 example.
    private static final String USER = "Mufasa";
    private static final String REALM = "http-auth@example.org";
    private static final String PASSWORD = "Circle of Life";
    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    @Test
    void md5ResponseMatchesRfc7616Example() {
        String ha1 = DigestMath.ha1(DigestAlgorithm.MD5, USER, REALM, PASSWORD);
        assertThat(DigestMath.response(DigestAlgorithm.MD5, ha1, NONCE, "00000001", CNONCE, "auth", "GET",
                "/dir/index.html")).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void sha256ResponseMatchesRfc7616Example() {
        String ha1 = DigestMath.ha1(DigestAlgorithm.SHA_256, USER, REALM, PASSWORD);
        assertThat(DigestMath.response(DigestAlgorithm.SHA_256, ha1, NONCE, "00000001", CNONCE, "auth", "GET",
                "/dir/index.html")).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void missingAlgorithmMeansMd5AndUnknownOnesAreRefused() {
        assertThat(DigestAlgorithm.fromToken(null)).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.fromToken("sha-256")).contains(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.fromToken("SHA-512-256")).isEmpty();
    }
}
