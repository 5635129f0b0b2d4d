package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.confero.server.sdp.MediaDescription;
import org.confero.server.sdp.SdpAssertions;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.sip.focus.FocusCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Video on SIP calls: offer/answer with two m-lines, delayed offer, video re-INVITEs, picture_fast_update. */
class SipVideoTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final String VP8 = "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:* nack pli\r\na=rtcp-rsize\r\n";

    private SipTestServer sip;
    private RawSipClient phone;

    @BeforeEach
    void start() throws IOException {
        sip = new SipTestServer();
        phone = new RawSipClient(sip.port);
    }

    @AfterEach
    void stop() {
        phone.close();
        if (sip != null) {
            sip.close();
        }
    }

    static String offer(int audioPort, int videoPort, String videoAttributes) {
        return "v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + audioPort + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n"
                + "m=video " + videoPort + " RTP/AVPF 96\r\n" + (videoPort == 0 ? "" : videoAttributes);
    }

    private TestCall call(String room, String sdp) throws IOException {
        TestCall call = new TestCall(phone, sip.port, room);
        call.invite(sdp);
        SipText ok = phone.response(200, WAIT);
        assertThat(ok.status()).isEqualTo(200);
        call.answered(ok);
        call.ack();
        return call;
    }

    private void hangUpAndCheckNothingLeaks(TestCall call) throws IOException {
        call.bye();
        assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
        Await.until("call gone", () -> sip.server.activeCalls() == 0);
        assertThat(sip.server.openMediaSockets()).isZero();
        assertThat(sip.media.openLegCount()).isZero();
    }

    @Test
    void phoneWithCameraGetsAudioAndVideoOnDistinctPortsWithAValidAnswer() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.invite(offer(40_000, 40_002, "b=AS:800\r\n" + VP8));
        SipText ok = phone.response(200, WAIT);
        SessionDescription answer = SdpAssertions.assertStrictlyValid(ok.body());
        MediaDescription audio = answer.media().get(0);
        MediaDescription video = answer.media().get(1);
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(video.media()).isEqualTo("video");
        assertThat(audio.port()).isPositive().isEven();
        assertThat(video.port()).isPositive().isEven().isNotEqualTo(audio.port()).isNotEqualTo(audio.port() + 1);
        assertThat(video.protocol()).isEqualTo("RTP/AVPF");
        assertThat(video.formats()).containsExactly("96");
        assertThat(video.attributes("rtcp-fb")).containsExactly("96 nack pli");
        assertThat(video.hasAttribute("rtcp-rsize")).isTrue();
        assertThat(video.bandwidths()).containsExactly("AS:800");
        assertThat(answer.connectionFor(video).orElseThrow().address()).isEqualTo("127.0.0.1");
        assertThat(sip.server.openMediaSockets()).as("RTP and RTCP for each m-line").isEqualTo(4);
        call.answered(ok);
        call.ack();
        FocusCall focus = sip.server.findCall(call.callId).orElseThrow();
        assertThat(focus.video()).map(v -> v.negotiated().maxBitrateKbps()).contains(800);
        assertThat(focus.videoEndpoint()).map(e -> e.localRtpPort()).contains(video.port());
        hangUpAndCheckNothingLeaks(call);
    }

    @Test
    void videoThatWeCannotDecodeIsRejectedAndTheCallGoesOnWithAudio() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.invite(offer(40_000, 40_002, "a=rtpmap:96 H264/90000\r\na=fmtp:96 profile-level-id=640028\r\n"));
        SipText ok = phone.response(200, WAIT);
        SessionDescription answer = SdpAssertions.assertStrictlyValid(ok.body());
        assertThat(answer.media()).extracting(MediaDescription::port).element(1).isEqualTo(0);
        assertThat(sip.server.openMediaSockets()).isEqualTo(2);
        call.answered(ok);
        call.ack();
        hangUpAndCheckNothingLeaks(call);
    }

    @Test
    void noPortForTheVideoMeansServiceUnavailableAndNoLeakedAudioPort() throws Exception {
        sip.close();
        sip = new SipTestServer(4); // two RTP/RTCP pairs
        phone.close();
        phone = new RawSipClient(sip.port);
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress("127.0.0.1", sip.rtpPortMin + 2))) {
            new TestCall(phone, sip.port, "demo").invite(offer(40_000, 40_002, VP8));
            assertThat(phone.response(503, WAIT).status()).isEqualTo(503);
            assertThat(sip.server.openMediaSockets()).isZero();
            assertThat(sip.media.openLegCount()).isZero();
        }
    }

    @Test
    void reInviteAddsVideoThenRemovesIt() throws Exception {
        TestCall call = call("demo", TestCall.pcmuOffer(40_000, null));
        assertThat(sip.server.openMediaSockets()).isEqualTo(2);

        call.reInvite(offer(40_000, 40_002, VP8));
        SipText added = phone.response(200, WAIT);
        SessionDescription withVideo = SdpAssertions.assertStrictlyValid(added.body());
        assertThat(withVideo.media()).hasSize(2);
        assertThat(withVideo.media().get(1).port()).isPositive();
        assertThat(withVideo.origin().sessionVersion()).isGreaterThan(1);
        call.ack();
        assertThat(sip.server.openMediaSockets()).isEqualTo(4);
        FocusCall focus = sip.server.findCall(call.callId).orElseThrow();
        assertThat(focus.video()).isPresent();

        call.reInvite(offer(40_000, 0, VP8)); // RFC 3264 §8.2: port 0 removes the stream
        SipText removed = phone.response(200, WAIT);
        SessionDescription withoutVideo = SdpAssertions.assertStrictlyValid(removed.body());
        assertThat(withoutVideo.media()).extracting(MediaDescription::port).element(1).isEqualTo(0);
        assertThat(withoutVideo.media().get(0).port()).isEqualTo(withVideo.media().get(0).port());
        call.ack();
        assertThat(sip.server.openMediaSockets()).isEqualTo(2);
        assertThat(focus.video()).isEmpty();
        assertThat(focus.videoEndpoint()).isEmpty();

        // and back, with another codec and RTCP multiplexed this time: new sockets, one port
        call.reInvite(offer(40_000, 40_004, "a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\na=rtcp-mux\r\n"));
        SessionDescription h264 = SdpAssertions.assertStrictlyValid(phone.response(200, WAIT).body());
        assertThat(h264.media().get(1).attributes("fmtp")).containsExactly("96 profile-level-id=42e00a;packetization-mode=1");
        call.ack();
        assertThat(sip.server.openMediaSockets()).isEqualTo(3);
        hangUpAndCheckNothingLeaks(call);
    }

    @Test
    void delayedOfferGetsOurOfferInThe200AndJoinsWhenTheAckBringsTheAnswer() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.inviteWithoutOffer();
        SipText ok = phone.response(200, WAIT);
        assertThat(ok.header("content-type")).isEqualTo("application/sdp");
        SessionDescription ours = SdpAssertions.assertStrictlyValid(ok.body());
        assertThat(ours.media()).extracting(MediaDescription::media).containsExactly("audio", "video");
        assertThat(ours.media().get(0).formats()).containsExactly("111", "9", "0", "8", "101", "110");
        assertThat(ours.media().get(1).formats()).containsExactly("96", "97", "98");
        assertThat(sip.server.openMediaSockets()).isEqualTo(4);
        assertThat(sip.media.openLegCount()).as("no leg before the answer").isZero();

        call.answered(ok);
        call.ack(offer(40_000, 40_002, "a=rtpmap:97 H264/90000\r\na=rtcp-fb:97 nack pli\r\n").replace(" 0 101", " 0")
                .replace("RTP/AVPF 96", "RTP/AVPF 97"));
        Await.until("leg joined at the ACK", () -> sip.media.openLegCount() == 1);
        assertThat(sip.onlyLeg().payloadType()).isZero();
        assertThat(sip.onlyLeg().admitted()).isTrue();
        FocusCall focus = sip.server.findCall(call.callId).orElseThrow();
        Await.until("confirmed", () -> focus.state() == FocusCall.State.CONFIRMED);
        assertThat(focus.video()).map(v -> v.negotiated().h264PacketizationMode()).contains(1);
        assertThat(sip.server.openMediaSockets()).isEqualTo(4);
        // later re-offers (a re-INVITE without SDP) repeat what was settled, not the whole first offer
        call.reInviteWithoutOffer();
        SessionDescription settled = SdpAssertions.assertStrictlyValid(phone.response(200, WAIT).body());
        assertThat(settled.media().get(0).formats()).containsExactly("0");
        assertThat(settled.media().get(1).formats()).containsExactly("97");
        call.ack(ok.body());
        hangUpAndCheckNothingLeaks(call);
    }

    @Test
    void delayedOfferAnsweredWithoutVideoClosesTheVideoPortsAndPinRoomsStillWaitForThePin() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "pinned");
        call.inviteWithoutOffer();
        SipText ok = phone.response(200, WAIT);
        call.answered(ok);
        call.ack(offer(40_000, 0, ""));
        Await.until("leg joined at the ACK", () -> sip.media.openLegCount() == 1);
        assertThat(sip.server.openMediaSockets()).isEqualTo(2);
        assertThat(sip.onlyLeg().admitted()).as("in the lobby until the PIN").isFalse();
        for (char digit : "1234".toCharArray()) {
            call.info("application/dtmf-relay", "Signal=" + digit + "\r\nDuration=160\r\n");
            assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
        }
        Await.until("admitted after the PIN", () -> sip.onlyLeg().admitted());
        hangUpAndCheckNothingLeaks(call);
    }

    @Test
    void ackWithoutAnAnswerToOurOfferEndsTheCallWithBye() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.inviteWithoutOffer();
        SipText ok = phone.response(200, WAIT);
        call.answered(ok);
        call.ack();
        Optional<SipText> bye = phone.request("BYE", WAIT);
        assertThat(bye).as("RFC 3261 §13.3.1.4: the UAS ends the dialog").isPresent();
        phone.answerOk(bye.get());
        Await.until("call gone", () -> sip.server.activeCalls() == 0);
        assertThat(sip.server.openMediaSockets()).isZero();
        assertThat(sip.media.openLegCount()).isZero();
    }

    @Test
    void pictureFastUpdateFromThePhoneIsAnsweredAndAsksTheLegForAKeyframe() throws Exception {
        TestCall call = call("demo", offer(40_000, 40_002, VP8));
        call.info("application/media_control+xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<media_control>\r\n"
                + " <vc_primitive>\r\n  <to_encoder>\r\n   <picture_fast_update/>\r\n  </to_encoder>\r\n"
                + " </vc_primitive>\r\n</media_control>\r\n");
        assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
        assertThat(sip.counter("confero_sip_fast_update_received_total")).isEqualTo(1);

        call.info("application/media_control+xml", "<media_control><general_error>x</general_error></media_control>");
        assertThat(phone.response(400, WAIT).status()).isEqualTo(400);
        call.info("text/plain", "hello");
        SipText unsupported = phone.response(415, WAIT);
        assertThat(unsupported.status()).isEqualTo(415);
        assertThat(unsupported.all("accept")).anyMatch(a -> a.contains("application/media_control+xml"));
        assertThat(sip.counter("confero_sip_fast_update_received_total")).isEqualTo(1);
        hangUpAndCheckNothingLeaks(call);
    }

    @Test
    void roomThatNeedsAKeyframeSendsPictureFastUpdateToThePhoneAtMostOnceASecond() throws Exception {
        TestCall call = call("demo", offer(40_000, 40_002, "a=rtpmap:96 VP8/90000\r\n"));
        FocusCall focus = sip.server.findCall(call.callId).orElseThrow();
        Await.until("confirmed", () -> focus.state() == FocusCall.State.CONFIRMED);

        focus.listener().onKeyframeNeeded();
        focus.listener().onKeyframeNeeded(); // within the second: dropped
        SipText info = phone.request("INFO", WAIT).orElseThrow(() -> new AssertionError("no INFO reached the phone"));
        assertThat(info.header("content-type")).isEqualTo("application/media_control+xml");
        assertThat(info.body().replaceAll("\\s+", ""))
                .contains("<media_control><vc_primitive><to_encoder><picture_fast_update/></to_encoder>");
        assertThat(info.header("cseq")).endsWith("INFO");
        assertThat(info.param("to", "tag")).isPresent();
        assertThat(info.param("from", "tag")).contains(call.toTag);
        phone.answerOk(info);
        assertThat(phone.request("INFO", Duration.ofMillis(300))).isEmpty();
        // counted once the transaction is handed to the stack, which may be just after the phone has it
        Await.until("the first INFO is counted", () -> sip.counter("confero_sip_fast_update_sent_total") == 1);
        assertThat(sip.counter("confero_sip_fast_update_sent_total")).isEqualTo(1);

        sip.clock.advance(Duration.ofMillis(1100));
        focus.listener().onKeyframeNeeded();
        SipText second = phone.request("INFO", WAIT).orElseThrow(() -> new AssertionError("no second INFO"));
        phone.answerOk(second);
        // counted once the transaction is handed to the stack, which may be just after the phone has it
        Await.until("the second INFO is counted", () -> sip.counter("confero_sip_fast_update_sent_total") == 2);

        focus.listener().onDtmf('5'); // the composed listener still reports digits, handled on the SIP executor
        Await.until("the digit is counted", () -> sip.counter("sip_dtmf_digits_total") == 1);
        hangUpAndCheckNothingLeaks(call);
    }
}
