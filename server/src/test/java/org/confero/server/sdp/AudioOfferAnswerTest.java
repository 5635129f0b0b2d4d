package org.confero.server.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import org.confero.mixer.codec.AudioCodec;
import org.junit.jupiter.api.Test;

class AudioOfferAnswerTest {
    private static SessionDescription offer(String media) {
        String text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" + media;
        return ((SdpParser.SdpResult.Parsed) SdpParser.parse(text)).sdp();
    }

    private static AudioSelection accepted(SessionDescription offer) {
        AudioOfferAnswer.Outcome outcome = AudioOfferAnswer.select(offer);
        assertThat(outcome).isInstanceOf(AudioOfferAnswer.Outcome.Accepted.class);
        return ((AudioOfferAnswer.Outcome.Accepted) outcome).selection();
    }

    private static String strict(String answer) {
        SdpAssertions.assertStrictlyValid(answer);
        return answer;
    }

    @Test
    void picksTheFirstKnownCodecInTheOfferersOrder() {
        AudioSelection s = accepted(offer("m=audio 4000 RTP/AVP 18 9 0 8\r\na=rtpmap:18 G729/8000\r\n"));
        assertThat(s.codec()).isEqualTo(AudioCodec.G722);
        assertThat(s.payloadType()).isEqualTo(9);
        assertThat(s.remoteAddress()).contains("192.0.2.1");
        assertThat(s.remoteRtpPort()).isEqualTo(4000);
        assertThat(s.remoteRtcpPort()).isEqualTo(4001);
    }

    @Test
    void opusKeepsTheOfferedDynamicTypeAndGetsFmtpAndTelephoneEventAtItsRate() {
        AudioSelection s = accepted(offer("m=audio 4000 RTP/AVP 111 0 110 101\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=rtpmap:110 telephone-event/48000\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:40\r\n"));
        assertThat(s.codec()).isEqualTo(AudioCodec.OPUS);
        assertThat(s.telephoneEventPayloadType()).isEqualTo(110);
        String answer = strict(s.answer("7", 1, "198.51.100.7", 30_000).encode());
        assertThat(answer).contains("m=audio 30000 RTP/AVP 111 110\r\n", "a=rtpmap:111 opus/48000/2",
                "a=fmtp:111 minptime=10;useinbandfec=1", "a=rtpmap:110 telephone-event/48000", "a=ptime:40",
                "c=IN IP4 198.51.100.7", "a=sendrecv");
        assertThat(s.negotiated().ptimeMillis()).isEqualTo(40);
    }

    @Test
    void directionsAreAnsweredPerRfc3264AndOtherStreamsRejectedWithPortZero() {
        AudioSelection s = accepted(offer("m=video 5000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n"
                + "m=audio 4000 RTP/AVP 0\r\na=sendonly\r\na=rtcp:4005\r\n"));
        assertThat(s.answerDirection()).isEqualTo(Direction.RECVONLY);
        assertThat(s.peerHolds()).isTrue();
        assertThat(s.remoteRtcpPort()).isEqualTo(4005);
        String answer = strict(s.answer("7", 1, "198.51.100.7", 30_000).encode());
        assertThat(answer).contains("m=video 0 RTP/AVP 96\r\n", "m=audio 30000 RTP/AVP 0\r\n", "a=recvonly");
        assertThat(answer.indexOf("m=video")).isLessThan(answer.indexOf("m=audio"));

        AudioSelection inactive = accepted(offer("m=audio 4000 RTP/AVP 0\r\na=inactive\r\n"));
        assertThat(inactive.answerDirection()).isEqualTo(Direction.INACTIVE);
    }

    @Test
    void nothingInCommonOrSecureProfileOnlyIsRejected() {
        assertThat(AudioOfferAnswer.select(offer("m=audio 4000 RTP/AVP 18 3\r\na=rtpmap:18 G729/8000\r\n")))
                .isEqualTo(new AudioOfferAnswer.Outcome.Rejected("Media type not available"));
        assertThat(AudioOfferAnswer.select(offer("m=audio 4000 RTP/SAVP 0\r\n")))
                .isInstanceOf(AudioOfferAnswer.Outcome.Rejected.class);
        assertThat(AudioOfferAnswer.select(offer("m=audio 0 RTP/AVP 0\r\n")))
                .isInstanceOf(AudioOfferAnswer.Outcome.Rejected.class);
    }

    @Test
    void rtcpMuxAndOldStyleHoldAreRecognised() {
        AudioSelection mux = accepted(offer("m=audio 4000 RTP/AVP 0\r\na=rtcp-mux\r\n"));
        assertThat(mux.rtcpMux()).isTrue();
        assertThat(mux.remoteRtcpPort()).isEqualTo(4000);
        assertThat(strict(mux.answer("7", 1, "198.51.100.7", 30_000).encode())).contains("a=rtcp-mux");

        SessionDescription held = ((SdpParser.SdpResult.Parsed) SdpParser.parse(
                "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"))
                .sdp();
        assertThat(accepted(held).remoteAddress()).isEmpty();
        assertThat(accepted(held).peerHolds()).isTrue();
    }
}
