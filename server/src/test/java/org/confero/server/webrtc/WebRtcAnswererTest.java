package org.confero.server.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.conference.NegotiatedVideo;
import org.confero.server.conference.VideoFeedback;
import org.confero.server.config.WebRtcConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.sdp.MediaDescription;
import org.confero.server.sdp.SdpAssertions;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.conference.NegotiatedVideo;
import org.confero.server.conference.VideoFeedback;
import org.junit.jupiter.api.Test;

class WebRtcAnswererTest {
    private final WebRtcAnswerer answerer = new WebRtcAnswerer();
    private WebRtcGateway gateway;

    @BeforeEach
    void start() {
        gateway = new WebRtcGateway(new WebRtcConfig(0, Optional.empty(), List.of()), "127.0.0.1", new Metrics());
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private WebRtcSession session() {
        return gateway.createSession("p", MediaHandler.DISCARD, SessionListener.NONE);
    }

    @Test
    void chromiumOfferGetsBundledOpusAudioRecvonlyVideoAndARejectedDataChannel() throws Exception {
        WebRtcSession session = session();
        WebRtcAnswer answer = answerer.answer(offer("chromium-156-offer.sdp"), session);
        SessionDescription sdp = parse(answer.sdp());

        assertThat(sdp.attribute("group")).contains("BUNDLE 0 1");
        assertThat(answer.audio()).isEqualTo(new org.confero.server.conference.NegotiatedAudio(AudioCodec.OPUS, 111, 110, 20));
        assertThat(answer.audioMid()).isEqualTo("0");

        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.port()).isEqualTo(gateway.localPort());
        assertThat(audio.formats()).containsExactly("111", "110"); // telephone-event at Opus' 48 kHz clock
        assertThat(audio.attributes("fmtp")).contains("111 minptime=10;useinbandfec=1");
        assertThat(audio.hasAttribute("sendrecv")).isTrue();
        assertThat(audio.hasAttribute("rtcp-mux")).isTrue();
        assertThat(audio.attribute("setup")).contains("passive");
        assertThat(audio.attribute("ice-ufrag")).contains(session.localUfrag());
        assertThat(audio.attribute("fingerprint")).contains(gateway.fingerprint().attributeValue());
        assertThat(audio.attributes("ssrc")).contains(session.localStreams().audioSsrc() + " cname:" + session.localStreams().cname());
        assertThat(audio.attribute("msid")).isPresent();
        assertThat(audio.attributes("candidate"))
                .containsExactly("1 1 udp 2130706431 127.0.0.1 " + gateway.localPort() + " typ host generation 0");
        assertThat(audio.hasAttribute("end-of-candidates")).isTrue();

        MediaDescription video = sdp.media().get(1);
        assertThat(video.attribute("mid")).contains("1");
        // the camera: sendrecv (the browser's camera in, the composite out), one codec, the browser's first: VP8
        assertThat(video.hasAttribute("sendrecv")).isTrue();
        assertThat(video.formats()).containsExactly("96");
        assertThat(video.attributes("rtcp-fb")).contains("96 nack", "96 nack pli", "96 ccm fir", "96 goog-remb")
                .doesNotContain("96 transport-cc");
        assertThat(answer.videoPayloadTypes()).containsExactly(96);
        // our composite's SSRC is announced with the CNAME of our audio (lip sync, RFC 3550 §6.5.1)
        assertThat(video.attributes("ssrc")).contains(session.localStreams().videoSsrc() + " cname:"
                + session.localStreams().cname());
        NegotiatedVideo camera = answer.camera().orElseThrow();
        assertThat(camera.codec()).isEqualTo(VideoCodec.VP8);
        assertThat(camera.feedback()).contains(VideoFeedback.NACK, VideoFeedback.PLI, VideoFeedback.FIR,
                VideoFeedback.REMB);
        assertThat(camera.send()).isTrue();
        assertThat(camera.receive()).isTrue();
        assertThat(camera.maxPayloadBytes()).isEqualTo(1200);

        MediaDescription data = sdp.media().get(2);
        assertThat(data.media()).isEqualTo("application");
        assertThat(data.port()).isZero();
        assertThat(data.attribute("mid")).contains("2");

        // only the loopback UDP candidate of the browser's eight was usable
        assertThat(session.remoteTransport().orElseThrow().setup()).isEqualTo(DtlsSetup.ACTPASS);
        assertThat(session.state()).isEqualTo(WebRtcSession.State.CHECKING);
    }

    @Test
    void firefoxOfferWithSessionLevelFingerprintIsAnswered() throws Exception {
        WebRtcSession session = session();
        WebRtcAnswer answer = answerer.answer(offer("firefox-offer.sdp"), session);
        SessionDescription sdp = parse(answer.sdp());

        assertThat(answer.audio().payloadType()).isEqualTo(109);
        assertThat(answer.audio().telephoneEventPayloadType()).isEqualTo(101);
        assertThat(sdp.media().get(0).attributes("rtpmap")).containsExactly("109 opus/48000/2", "101 telephone-event/8000");
        assertThat(answer.videoPayloadTypes()).containsExactly(120);
        assertThat(sdp.media().get(1).hasAttribute("rtcp-rsize")).isTrue();
        assertThat(sdp.media().get(2).port()).isZero();
        assertThat(session.remoteTransport().orElseThrow().fingerprint().hex()).startsWith("5B:5C:2B");
    }

    @Test
    void everyMSectionOfEveryAnswerHasAConnectionAddressRejectedOnesToo() throws Exception {
        for (String resource : List.of("chromium-156-offer.sdp", "firefox-offer.sdp")) {
            SessionDescription sdp = SdpAssertions.assertStrictlyValid(answerer.answer(offer(resource), session()).sdp());
            MediaDescription rejected = sdp.media().get(2);
            assertThat(rejected.port()).isZero();
            // RFC 8866 §5.7 with no session-level c=: the rejected section carries its own
            assertThat(sdp.connection()).isEmpty();
            assertThat(rejected.connection()).map(c -> c.address()).contains("0.0.0.0");
        }
    }

    @Test
    void theStrictValidatorRefusesTheOldAnswerWhoseRejectedSectionHadNoConnection() throws Exception {
        String answer = answerer.answer(offer("chromium-156-offer.sdp"), session()).sdp();
        assertThat(org.confero.server.sdp.StrictSdpValidator.violations(answer)).isEmpty();
        // what the answerer wrote before rejected sections carried c=IN IP4 0.0.0.0
        String old = answer.replaceFirst("(m=application 0 [^\\r]*\\r\\n)c=IN IP4 0\\.0\\.0\\.0\\r\\n", "$1");
        assertThat(old).isNotEqualTo(answer);
        assertThat(org.confero.server.sdp.StrictSdpValidator.violations(old)).singleElement().asString()
                .contains("m=application 0", "no c= in the section and none at session level");
    }

    @Test
    void offerWithoutFingerprintIsBadSdp() throws Exception {
        String text = read("firefox-offer.sdp").replaceAll("a=fingerprint:[^\\r\\n]*\\r?\\n", "");
        assertRejected(text, SdpRejectedException.Code.BAD_SDP, "fingerprint");
    }

    @Test
    void offerWithoutRtcpMuxIsBadSdp() throws Exception {
        String text = read("chromium-156-offer.sdp").replace("a=rtcp-mux\r\n", "");
        assertRejected(text, SdpRejectedException.Code.BAD_SDP, "rtcp-mux");
    }

    @Test
    void offerWithoutOpusHasNoCommonCodec() throws Exception {
        String text = read("firefox-offer.sdp").replace("a=rtpmap:109 opus/48000/2", "a=rtpmap:109 ISAC/16000");
        assertRejected(text, SdpRejectedException.Code.NO_COMMON_CODEC, "Opus");
    }

    @Test
    void plainRtpOfferIsBadSdp() throws Exception {
        String text = read("firefox-offer.sdp").replace("UDP/TLS/RTP/SAVPF", "RTP/AVP");
        assertRejected(text, SdpRejectedException.Code.BAD_SDP, "DTLS");
    }

    @Test
    void passiveOfferMakesUsTheActiveSide() throws Exception {
        String text = read("firefox-offer.sdp").replace("a=setup:actpass", "a=setup:passive");
        WebRtcAnswer answer = answerer.answer(parse(text), session());
        assertThat(answer.sdp()).contains("a=setup:active").doesNotContain("a=setup:passive");
    }

    @Test
    void reofferWithTheSameTransportIsAnsweredWithoutRestartingIceAndNewCredentialsRestartIt() throws Exception {
        WebRtcSession session = session();
        SessionDescription offer = offer("firefox-offer.sdp");
        WebRtcAnswer first = answerer.answer(offer, session);
        WebRtcAnswer again = answerer.answer(offer, session);
        assertThat(again.audio().payloadType()).isEqualTo(109);
        // RFC 3264 §8: same o= session id, higher version
        assertThat(again.description().origin().sessionId()).isEqualTo(first.description().origin().sessionId());
        assertThat(again.description().origin().sessionVersion()).isGreaterThan(first.description().origin().sessionVersion());
        assertThat(session.iceRestarts()).isZero();
        String oldUfrag = session.localUfrag();
        String restarted = read("firefox-offer.sdp").replace("a=ice-ufrag:1a4b2c3d", "a=ice-ufrag:99zz88yy");
        // RFC 8839 §4.4.1.1.1: new remote credentials restart ICE; the answer carries new local ones
        String restartAnswer = answerer.answer(parse(restarted), session).sdp();
        assertThat(session.iceRestarting()).isTrue();
        assertThat(session.localUfrag()).isNotEqualTo(oldUfrag);
        assertThat(restartAnswer).contains("a=ice-ufrag:" + session.localUfrag()).doesNotContain(oldUfrag);
        // a new certificate would need a new DTLS association: refused, and no restart begins
        String otherCertificate = restarted.replace("a=ice-ufrag:99zz88yy", "a=ice-ufrag:77xx66ww").replaceAll(
                "a=fingerprint:[^\r\n]+", "a=fingerprint:" + org.confero.server.webrtc.dtls.DtlsCertificate
                        .generate("other").fingerprint().attributeValue());
        assertThatThrownBy(() -> answerer.answer(parse(otherCertificate), session))
                .isInstanceOfSatisfying(SdpRejectedException.class, e -> assertThat(e.wireCode()).isEqualTo("bad-sdp"));
        assertThat(session.iceRestarts()).isEqualTo(1);
        assertThat(session.iceRestarting()).as("the running restart is untouched").isTrue();
    }

    @Test
    void publicAddressIsWhatOurCandidatesAnnounce() throws Exception {
        try (WebRtcGateway behindNat = new WebRtcGateway(
                new WebRtcConfig(0, Optional.of("203.0.113.10"), List.of()), "127.0.0.1", new Metrics())) {
            behindNat.start();
            WebRtcSession session = behindNat.createSession("p", MediaHandler.DISCARD, SessionListener.NONE);
            String sdp = answerer.answer(offer("firefox-offer.sdp"), session).sdp();
            assertThat(sdp).contains("a=candidate:1 1 udp 2130706431 203.0.113.10 " + behindNat.localPort() + " typ host",
                    "c=IN IP4 203.0.113.10");
        }
    }

    @Test
    void trickledCandidatesAreOnlyAcceptedForAllowedUdpAddresses() throws Exception {
        WebRtcSession session = session();
        answerer.answer(offer("firefox-offer.sdp"), session);
        assertThat(session.addRemoteCandidate("candidate:1 1 udp 2122194687 127.0.0.1 40000 typ host")).isTrue();
        assertThat(session.addRemoteCandidate("a=candidate:2 1 udp 2122194687 127.0.0.2 40001 typ host")).isTrue();
        // the gateway listens on loopback: nothing else is ever checked
        assertThat(session.addRemoteCandidate("candidate:3 1 udp 2122063615 192.0.2.2 58399 typ host")).isFalse();
        assertThat(session.addRemoteCandidate("candidate:4 1 udp 2122063615 1f2e3d4c.local 58399 typ host")).isFalse();
        assertThat(session.addRemoteCandidate("candidate:5 1 tcp 1518214911 127.0.0.1 9 typ host tcptype active"))
                .isFalse();
        assertThat(session.addRemoteCandidate("garbage")).isFalse();
        assertThat(session.addRemoteCandidate("")).isTrue(); // end of candidates
    }

    private void assertRejected(String offerText, SdpRejectedException.Code code, String messagePart) {
        WebRtcSession session = session();
        assertThatThrownBy(() -> answerer.answer(parse(offerText), session))
                .isInstanceOfSatisfying(SdpRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(messagePart);
                });
        assertThat(session.state()).isEqualTo(WebRtcSession.State.NEW);
    }

    private static SessionDescription offer(String resource) throws IOException {
        return parse(read(resource));
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = WebRtcAnswererTest.class.getResourceAsStream("/webrtc/" + resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("\r\n", "\n").replace("\n", "\r\n");
        }
    }

    private static SessionDescription parse(String text) {
        SdpParser.SdpResult r = SdpParser.parse(text);
        if (r instanceof SdpParser.SdpResult.Parsed p) {
            return p.sdp();
        }
        throw new AssertionError("unparsable SDP: " + r);
    }
}
