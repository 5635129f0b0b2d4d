package org.confero.server.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StrictSdpValidatorTest {
    private static final String HEAD = "v=0\r\no=- 7 1 IN IP4 127.0.0.1\r\ns=-\r\n";
    private static final String T = "t=0 0\r\n";

    /** An answer as Confero's WebRTC answerer wrote it before rejected sections carried c= (the data channel). */
    private static final String OLD_WEBRTC_ANSWER = HEAD + T
            + "a=group:BUNDLE 0 1 2\r\n"
            + "m=audio 10000 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 127.0.0.1\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n"
            + "a=sendrecv\r\n"
            + "m=video 10000 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 127.0.0.1\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n"
            + "a=rtcp-fb:96 nack pli\r\na=sendrecv\r\n"
            + "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:2\r\n";

    @Test
    void aGoodAnswerHasNoViolations() {
        String good = OLD_WEBRTC_ANSWER.replace("a=mid:2\r\n", "c=IN IP4 0.0.0.0\r\na=mid:2\r\n");
        assertThat(StrictSdpValidator.violations(good)).isEmpty();
        assertThat(StrictSdpValidator.violations(HEAD + "c=IN IP4 10.0.0.1\r\n" + T + "m=audio 0 RTP/AVP 0\r\n")).isEmpty();
    }

    @Test
    void theOldDefectARejectedSectionWithoutConnectionIsRefused() {
        assertThat(StrictSdpValidator.violations(OLD_WEBRTC_ANSWER)).singleElement().asString()
                .contains("m-section 2", "m=application 0", "no c= in the section and none at session level");
    }

    @Test
    void lineEndingsMustBeCrLf() {
        assertThat(StrictSdpValidator.violations((HEAD + T).replace("\r\n", "\n"))).isNotEmpty();
        assertThat(StrictSdpValidator.violations(HEAD + "c=IN IP4 1.2.3.4\r\nt=0 0")).anyMatch(v -> v.contains("CRLF"));
        assertThat(StrictSdpValidator.violations((HEAD + T).replace("s=-\r\n", "s=-\n"))).anyMatch(v -> v.contains("bare"));
    }

    @Test
    void sessionLinesInRfcOrder() {
        String swapped = "v=0\r\ns=-\r\no=- 7 1 IN IP4 127.0.0.1\r\nt=0 0\r\n";
        assertThat(StrictSdpValidator.violations(swapped)).anyMatch(v -> v.contains("out of order"));
        assertThat(StrictSdpValidator.violations("v=0\r\no=- 7 1 IN IP4 127.0.0.1\r\ns=-\r\n"))
                .anyMatch(v -> v.contains("t= line missing"));
        assertThat(StrictSdpValidator.violations(HEAD + T + "c=IN IP4 1.2.3.4\r\n")).anyMatch(v -> v.contains("out of order"));
        assertThat(StrictSdpValidator.violations("v=1\r\n" + HEAD.substring(5) + T)).anyMatch(v -> v.contains("must be 0"));
        assertThat(StrictSdpValidator.violations((HEAD + T).replace("s=-", "s="))).anyMatch(v -> v.contains("s="));
        assertThat(StrictSdpValidator.violations((HEAD + T).replace("- 7 1", "- x 1"))).anyMatch(v -> v.contains("decimal"));
        assertThat(StrictSdpValidator.violations(HEAD + "t=0 0\r\nr=604800 3600 0\r\nt=1 2\r\nm=audio 0 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n")).isEmpty();
    }

    @Test
    void payloadTypeAttributesNameFormatsOfTheirMLineOnce() {
        String base = HEAD + "c=IN IP4 1.2.3.4\r\n" + T + "m=audio 4000 RTP/AVP 0 101\r\n";
        assertThat(StrictSdpValidator.violations(base + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n"))
                .isEmpty();
        assertThat(StrictSdpValidator.violations(base + "a=rtpmap:96 opus/48000/2\r\n"))
                .anyMatch(v -> v.contains("a=rtpmap:96 names a format not in"));
        assertThat(StrictSdpValidator.violations(base + "a=fmtp:100 0-15\r\n")).anyMatch(v -> v.contains("fmtp:100"));
        assertThat(StrictSdpValidator.violations(base + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:0 PCMA/8000\r\n"))
                .anyMatch(v -> v.contains("two a=rtpmap for payload type 0"));
        assertThat(StrictSdpValidator.violations(HEAD + "c=IN IP4 1.2.3.4\r\n" + T + "m=audio 4000 RTP/AVP 0 0\r\n"))
                .anyMatch(v -> v.contains("listed twice"));
        assertThat(StrictSdpValidator.violations(HEAD + "c=IN IP4 1.2.3.4\r\n" + T + "m=audio 4000 RTP/AVP 128\r\n"))
                .anyMatch(v -> v.contains("not 0..127"));
        assertThat(StrictSdpValidator.violations(base + "a=rtcp-fb:* nack\r\n")).isEmpty();
        assertThat(StrictSdpValidator.violations(base + "a=rtpmap:101 telephone-event\r\n"))
                .anyMatch(v -> v.contains("<encoding>/<clock>"));
    }

    @Test
    void oneDirectionPerSectionAndBundleNamesExistingMids() {
        String base = HEAD + "c=IN IP4 1.2.3.4\r\n" + T + "m=audio 4000 RTP/AVP 0\r\n";
        assertThat(StrictSdpValidator.violations(base + "a=sendrecv\r\na=recvonly\r\n"))
                .anyMatch(v -> v.contains("second direction"));
        assertThat(StrictSdpValidator.violations(base + "a=sendonly:x\r\n")).anyMatch(v -> v.contains("no value"));
        String bundle = HEAD + "c=IN IP4 1.2.3.4\r\n" + T + "a=group:BUNDLE a b\r\nm=audio 4000 RTP/AVP 0\r\na=mid:a\r\n";
        assertThat(StrictSdpValidator.violations(bundle)).anyMatch(v -> v.contains("mid b that no m-section has"));
        assertThat(StrictSdpValidator.violations(bundle + "m=video 4002 RTP/AVP 96\r\na=mid:a\r\n"))
                .anyMatch(v -> v.contains("used by two m-sections"));
    }

    @Test
    void addressesPortsAndTokens() {
        assertThat(StrictSdpValidator.violations(HEAD + "c=IN IP4 300.1.1.1\r\n" + T)).anyMatch(v -> v.contains("IPv4"));
        assertThat(StrictSdpValidator.violations(HEAD + "c=IN IP5 1.1.1.1\r\n" + T)).anyMatch(v -> v.contains("addrtype"));
        assertThat(StrictSdpValidator.violations(HEAD + "c=IN IP6 ::1\r\n" + T)).isEmpty();
        assertThat(StrictSdpValidator.violations(HEAD + "c=IN IP4 1.1.1.1\r\n" + T + "m=audio 70000 RTP/AVP 0\r\n"))
                .anyMatch(v -> v.contains("0..65535"));
        assertThat(StrictSdpValidator.violations(HEAD + "c=IN IP4 1.1.1.1\r\n" + T + "m=audio 4000 RTP/AVP\r\n"))
                .anyMatch(v -> v.contains("m= needs"));
        assertThat(StrictSdpValidator.violations(HEAD + "b=AS:x\r\n" + T)).anyMatch(v -> v.contains("b="));
        assertThat(StrictSdpValidator.violations(HEAD + T + "x=1\r\n")).anyMatch(v -> v.contains("not allowed"));
        assertThat(StrictSdpValidator.violations(HEAD + T + "a=sendrecv\r\na=sendrecv\r\n"))
                .anyMatch(v -> v.contains("twice"));
    }
}
