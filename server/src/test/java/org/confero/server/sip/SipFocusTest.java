package org.confero.server.sip;

import org.confero.server.conference.LegView;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SipFocusTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private SipTestServer sip;
    private RawSipClient phone;
    private DatagramSocket rtp;
    private java.util.concurrent.ScheduledExecutorService pump;

    @BeforeEach
    void start() throws IOException {
        sip = new SipTestServer();
        phone = new RawSipClient(sip.port);
        rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        rtp.setSoTimeout(2000);
    }

    @AfterEach
    void stop() {
        if (pump != null) {
            pump.shutdownNow();
        }
        phone.close();
        rtp.close();
        sip.close();
    }

    @Test
    void optionsAnswersWithAllowAcceptAndSupportedTimer() throws IOException {
        phone.send("OPTIONS sip:127.0.0.1:" + sip.port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";branch=" + RawSipClient.branch() + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:t@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\n"
                + "Call-ID: opt-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        SipText ok = phone.response(200, WAIT);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("allow")).contains("INVITE", "BYE", "CANCEL", "OPTIONS", "REGISTER", "INFO");
        assertThat(ok.header("accept")).isEqualTo("application/sdp");
        assertThat(ok.header("supported")).contains("timer");
    }

    @Test
    void phoneJoinsRoomExchangesRtpAndHangsUpWithoutLeaks() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null), "Supported: timer");
        SipText ok = phone.response(200, WAIT);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("session-expires")).isEqualTo("1800;refresher=uac");
        assertThat(ok.body()).contains("m=audio ", " RTP/AVP 0 101", "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:101 telephone-event/8000", "a=sendrecv", "c=IN IP4 127.0.0.1");
        call.answered(ok);
        call.ack();
        int serverRtpPort = audioPort(ok.body());
        assertThat(serverRtpPort % 2).isZero();
        assertThat(sip.server.activeCalls()).isEqualTo(1);
        assertThat(sip.server.openMediaSockets()).isEqualTo(2);

        sendRtp(serverRtpPort, 3);
        byte[] buf = new byte[2048];
        DatagramPacket back = new DatagramPacket(buf, buf.length);
        rtp.receive(back); // the room's mix comes back every 20 ms, to where we send from
        assertThat(back.getLength()).isEqualTo(172);
        assertThat(buf[1] & 0x7F).isZero();
        Await.until("all RTP reached the room", () -> sip.onlyLeg().rtpPackets() == 3);
        byte[] receiverReport = {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1};
        rtp.send(new DatagramPacket(receiverReport, receiverReport.length, InetAddress.getLoopbackAddress(),
                serverRtpPort + 1));
        Await.until("RTCP reached the leg", () -> sip.onlyLeg().rtcpPackets() == 1);

        call.bye();
        assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
        Await.until("call gone", () -> sip.server.activeCalls() == 0);
        assertThat(sip.server.openMediaSockets()).isZero();
        assertThat(sip.media.openLegCount()).isZero();
    }

    @Test
    void unknownRoomIsNotFound() throws Exception {
        new TestCall(phone, sip.port, "nosuchroom").invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
        assertThat(phone.response(404, WAIT).status()).isEqualTo(404);
        assertThat(sip.counter("sip_error_responses_404_total")).isEqualTo(1);
    }

    @Test
    void roomOfAnotherDomainIsRefusedSoWeAreNoOpenRelay() throws Exception {
        new TestCall(phone, sip.port, "demo", "example.org").invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
        assertThat(phone.response(403, WAIT).status()).isEqualTo(403);
        assertThat(sip.server.openMediaSockets()).isZero();
    }

    @Test
    void offerWithoutACommonCodecGets488WithWarning304() throws Exception {
        new TestCall(phone, sip.port, "demo").invite(
                TestCall.offer(rtp.getLocalPort(), null, "18 3", "a=rtpmap:18 G729/8000", "a=rtpmap:3 GSM/8000"));
        SipText r = phone.response(488, WAIT);
        assertThat(r.status()).isEqualTo(488);
        assertThat(r.header("warning")).startsWith("304 ").contains("\"Media type not available\"");
        assertThat(sip.counter("sip_error_responses_488_total")).isEqualTo(1);
    }

    @Test
    void answerPicksTheOfferersFirstCodecWeKnowAndKeepsItsOpusPayloadType() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.invite(TestCall.offer(rtp.getLocalPort(), "sendonly", "18 111 0 100",
                "a=rtpmap:18 G729/8000", "a=rtpmap:111 opus/48000/2", "a=rtpmap:100 telephone-event/8000",
                "a=rtcp-mux"));
        SipText ok = phone.response(200, WAIT);
        assertThat(ok.status()).isEqualTo(200);
        org.confero.server.sdp.SdpAssertions.assertStrictlyValid(ok.body());
        assertThat(ok.body()).contains("RTP/AVP 111 100", "a=rtpmap:111 opus/48000/2",
                "a=fmtp:111 minptime=10;useinbandfec=1", "a=rtpmap:100 telephone-event/8000", "a=rtcp-mux",
                "a=recvonly");
        assertThat(sip.server.openMediaSockets()).as("rtcp-mux: one socket").isEqualTo(1);
        LegView leg = sip.onlyLeg();
        assertThat(leg.payloadType()).isEqualTo(111);
        assertThat(leg.sending()).as("a sendonly peer receives nothing from us").isFalse();
        call.answered(ok);
        call.ack();
        call.bye();
        phone.response(200, WAIT);
    }

    @Test
    void fullRoomAnswersBusyHere() throws Exception {
        TestCall first = new TestCall(phone, sip.port, "tiny");
        first.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
        assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
        try (RawSipClient second = new RawSipClient(sip.port)) {
            new TestCall(second, sip.port, "tiny").invite(TestCall.pcmuOffer(rtp.getLocalPort() + 2, null));
            assertThat(second.response(486, WAIT).status()).isEqualTo(486);
        }
        assertThat(sip.server.activeCalls()).isEqualTo(1);
        assertThat(sip.counter("sip_error_responses_486_total")).isEqualTo(1);
    }

    @Test
    void sessionIntervalBelowMinSeIsRejectedWith422() throws Exception {
        new TestCall(phone, sip.port, "demo").invite(TestCall.pcmuOffer(rtp.getLocalPort(), null),
                "Supported: timer", "Session-Expires: 30");
        SipText r = phone.response(422, WAIT);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.header("min-se")).isEqualTo("90");
    }

    @Test
    void requiredExtensionWeLackGets420WithUnsupported() throws Exception {
        new TestCall(phone, sip.port, "demo").invite(TestCall.pcmuOffer(rtp.getLocalPort(), null), "Require: 100rel");
        SipText r = phone.response(420, WAIT);
        assertThat(r.status()).isEqualTo(420);
        assertThat(r.header("unsupported")).isEqualTo("100rel");
        assertThat(sip.server.activeCalls()).isZero();
    }

    @Test
    void cancelWhileRingingGets200And487() throws Exception {
        sip.close();
        sip = new SipTestServer(30, Duration.ofSeconds(3));
        phone.close();
        phone = new RawSipClient(sip.port);
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
        assertThat(phone.response(180, WAIT).status()).isEqualTo(180);
        call.cancel();
        SipText first = phone.response(200, WAIT);
        SipText second = phone.response(487, WAIT);
        assertThat(java.util.List.of(first.status(), second.status())).containsExactlyInAnyOrder(200, 487);
        Await.until("cancelled call gone", () -> sip.server.activeCalls() == 0 && sip.server.openMediaSockets() == 0);
        assertThat(sip.media.openLegCount()).isZero();
    }

    @Test
    void cancelDuringTheRoomJoinEndsTheCallWith487AndNoAnswer() throws Exception {
        sip.close();
        sip = SipTestServer.withSlowJoins(Duration.ofMillis(800));
        phone.close();
        phone = new RawSipClient(sip.port);
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
        assertThat(phone.response(100, WAIT).status()).isEqualTo(100);
        assertThat(sip.slowJoins.awaitJoinStarted(WAIT)).as("the room join began").isTrue();
        call.cancel(); // the room join is under way for 800 ms more
        assertCancelledWithNothingLeft();
    }

    @Test
    void cancelRightAfterTryingEndsTheCallWith487WhereverItsSetupIs() throws Exception {
        sip.close();
        sip = SipTestServer.withSlowJoins(Duration.ofMillis(300));
        for (int i = 0; i < 3; i++) {
            // a phone of its own per call: we send no ACK, so the last call's 487 is still being retransmitted
            phone.close();
            phone = new RawSipClient(sip.port);
            TestCall call = new TestCall(phone, sip.port, "demo");
            call.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
            assertThat(phone.response(100, WAIT).status()).isEqualTo(100);
            // RFC 3261 §9.1: not before a provisional response; now the setup is queued or has begun its join
            call.cancel();
            assertCancelledWithNothingLeft();
        }
        assertThat(sip.counter("sip_calls_started_total")).as("no call was answered").isZero();
    }

    @Test
    void aFullCallSetupQueueRefusesTheNextInviteWith503AndRetryAfter() throws Exception {
        sip.close();
        sip = SipTestServer.withSlowJoins(Duration.ofMillis(800), 1, 1); // one joining, one waiting
        phone.close();
        phone = new RawSipClient(sip.port);
        try (RawSipClient second = new RawSipClient(sip.port); RawSipClient third = new RawSipClient(sip.port)) {
            TestCall joining = new TestCall(phone, sip.port, "demo");
            joining.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
            assertThat(phone.response(100, WAIT).status()).isEqualTo(100);
            assertThat(sip.slowJoins.awaitJoinStarted(WAIT)).as("the first join began").isTrue();
            new TestCall(second, sip.port, "demo").invite(TestCall.pcmuOffer(rtp.getLocalPort() + 2, null));
            assertThat(second.response(100, WAIT).status()).as("queued behind the first").isEqualTo(100);
            new TestCall(third, sip.port, "demo").invite(TestCall.pcmuOffer(rtp.getLocalPort() + 4, null));
            SipText refused = third.response(503, WAIT);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("retry-after")).matches("\\d+");
            assertThat(phone.response(200, WAIT).status()).as("the joining call is answered").isEqualTo(200);
            assertThat(second.response(200, WAIT).status()).as("the queued call is answered").isEqualTo(200);
        }
        assertThat(sip.counter("sip_invites_refused_backlog_total")).isEqualTo(1);
        assertThat(sip.server.activeCalls()).isEqualTo(2);
    }

    /** 200 to the CANCEL, 487 to the INVITE, never a 200 to the INVITE, and no call, socket or leg left. */
    private void assertCancelledWithNothingLeft() throws IOException {
        java.util.List<String> finals = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SipText r = phone.response(487, WAIT);
            finals.add(r.status() + " " + r.header("cseq").replaceAll("^\\d+\\s+", ""));
        }
        assertThat(finals).containsExactlyInAnyOrder("200 CANCEL", "487 INVITE");
        java.util.List<Integer> late = new java.util.ArrayList<>(); // 487 retransmissions: we send no ACK
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        for (int i = 0; i < 20 && System.nanoTime() < until; i++) {
            phone.receive(Duration.ofNanos(Math.max(1_000_000, until - System.nanoTime())))
                    .filter(m -> m.isResponse() && m.header("cseq").endsWith("INVITE"))
                    .ifPresent(m -> late.add(m.status()));
        }
        assertThat(late).as("no 180 or 200 to the INVITE after its CANCEL").allMatch(status -> status == 487);
        Await.until("cancelled call gone", () -> sip.server.activeCalls() == 0 && sip.server.openMediaSockets() == 0);
        assertThat(sip.media.openLegCount()).as("no leg left in the room").isZero();
        assertThat(sip.media.participantCount("demo")).isZero();
    }

    @Test
    void cancelAfterTheAnswerIsTooLateTheCallGoesOnAndEndsByBye() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
        SipText ok = phone.response(200, WAIT);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("cseq")).endsWith("INVITE");
        call.answered(ok);
        call.cancel(); // crossed our 200 on the way (RFC 3261 §9.1): it changes nothing
        SipText cancelAnswer = finalResponseTo("CANCEL");
        assertThat(cancelAnswer.status()).as("200 or 481 to a CANCEL that found nothing to cancel").isIn(200, 481);
        java.util.Optional<SipText> late = phone.receive(Duration.ofMillis(500));
        assertThat(late.filter(m -> m.isResponse() && m.status() == 487)).as("no 487 after the 200").isEmpty();
        call.ack();
        Await.until("the call is in its room", () -> sip.media.openLegCount() == 1);
        assertThat(sip.server.activeCalls()).isEqualTo(1);
        call.bye();
        assertThat(finalResponseTo("BYE").status()).isEqualTo(200);
        Await.until("call gone", () -> sip.server.activeCalls() == 0 && sip.server.openMediaSockets() == 0);
        assertThat(sip.media.openLegCount()).isZero();
    }

    /** The final response to our latest request of this method; retransmitted 200s to the INVITE are skipped. */
    private SipText finalResponseTo(String method) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            java.util.Optional<SipText> m = phone.receive(Duration.ofNanos(deadline - System.nanoTime()));
            if (m.isPresent() && m.get().isResponse() && m.get().status() >= 200
                    && m.get().header("cseq").endsWith(method)) {
                return m.get();
            }
        }
        throw new AssertionError("no final response to " + method + " within " + WAIT);
    }

    @Test
    void aCodecChangeThatCannotRejoinEndsTheCallInsteadOfLeavingADeadLeg() throws Exception {
        sip.close();
        sip = SipTestServer.withSlowJoins(Duration.ofMillis(800));
        phone.close();
        phone = new RawSipClient(sip.port);
        TestCall a = new TestCall(phone, sip.port, "tiny"); // one seat
        a.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
        SipText ok = phone.response(200, WAIT);
        a.answered(ok);
        a.ack();
        try (RawSipClient other = new RawSipClient(sip.port);
             DatagramSocket otherRtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            TestCall b = new TestCall(other, sip.port, "tiny");
            b.invite(TestCall.pcmuOffer(otherRtp.getLocalPort(), null)); // its seat check comes after A's leg closed
            Thread.sleep(100);
            a.reInvite(TestCall.offer(rtp.getLocalPort(), null, "8", "a=rtpmap:8 PCMA/8000")); // PCMU -> PCMA
            assertThat(other.response(200, WAIT).status()).as("the second phone took the freed seat").isEqualTo(200);
            assertThat(phone.response(500, WAIT).status()).as("the codec change failed").isEqualTo(500);
            java.util.Optional<SipText> bye = phone.request("BYE", WAIT);
            assertThat(bye).as("the call whose leg is gone is ended, not left to RTP").isPresent();
            phone.answerOk(bye.get());
            Await.until("only the second call left", () -> sip.server.activeCalls() == 1);
            assertThat(sip.media.openLegCount()).isEqualTo(1);
        }
    }

    @Test
    void receiverReportsKeepComingWhileThePhoneHoldsTheCall() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "demo");
        String[] mux = {"a=rtpmap:0 PCMU/8000", "a=rtcp-mux"};
        call.invite(TestCall.offer(rtp.getLocalPort(), null, "0", mux));
        SipText ok = phone.response(200, WAIT);
        call.answered(ok);
        call.ack();
        keepRtpFlowing(ok); // the phone's music on hold keeps arriving
        call.reInvite(TestCall.offer(rtp.getLocalPort(), "sendonly", "0", mux));
        SipText held = phone.response(200, WAIT);
        assertThat(held.body()).contains("a=recvonly");
        call.ack();
        // RFC 3550 §6.4.2: we send no RTP now, yet report on what we receive, every 5 s
        long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        byte[] buf = new byte[1500];
        int receiverReports = 0;
        int rtpAfterHold = 0;
        long holdStart = System.nanoTime();
        while (System.nanoTime() < deadline && receiverReports == 0) {
            java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
            rtp.setSoTimeout(500);
            try {
                rtp.receive(p);
            } catch (java.net.SocketTimeoutException e) {
                continue;
            }
            int type = buf[1] & 0xFF;
            if (type == 201) {
                receiverReports++;
            } else if (type < 192 && System.nanoTime() - holdStart > 500_000_000L) {
                rtpAfterHold++;
            }
        }
        assertThat(receiverReports).as("an RTCP receiver report while on hold").isPositive();
        assertThat(rtpAfterHold).as("no RTP to a phone that holds us").isZero();
    }

    @Test
    void reInviteHoldsAndResumesTheCallAndFollowsANewAddress() throws Exception {
        TestCall call = establish();
        call.reInvite(TestCall.pcmuOffer(rtp.getLocalPort(), "sendonly"));
        SipText held = phone.response(200, WAIT);
        org.confero.server.sdp.SdpAssertions.assertStrictlyValid(held.body());
        assertThat(held.body()).contains("a=recvonly").contains("o=confero ").contains(" 2 IN IP4");
        call.ack();
        assertThat(sip.onlyLeg().sending()).isFalse();
        assertThat(sip.onlyLeg().receiving()).isTrue();

        call.reInvite(TestCall.pcmuOffer(rtp.getLocalPort(), "inactive"));
        String inactive = phone.response(200, WAIT).body();
        org.confero.server.sdp.SdpAssertions.assertStrictlyValid(inactive);
        assertThat(inactive).contains("a=inactive");
        call.ack();
        assertThat(sip.onlyLeg().sending()).isFalse();
        assertThat(sip.onlyLeg().receiving()).isFalse();

        try (DatagramSocket moved = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            call.reInvite(TestCall.pcmuOffer(moved.getLocalPort(), null));
            SipText resumed = phone.response(200, WAIT);
            assertThat(resumed.body()).contains("a=sendrecv");
            call.ack();
            assertThat(sip.onlyLeg().sending()).isTrue();
            assertThat(sip.onlyLeg().receiving()).isTrue();
            // The mix now goes to the new address, latched from the first packet sent from there.
            moved.setSoTimeout(2000);
            byte[] p = new byte[172];
            p[0] = (byte) 0x80;
            moved.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), audioPort(resumed.body())));
            DatagramPacket back = new DatagramPacket(new byte[2048], 2048);
            moved.receive(back);
            assertThat(back.getLength()).isEqualTo(172);
        }
        assertThat(sip.server.activeCalls()).isEqualTo(1);
    }

    @Test
    void reInviteWithAnotherCodecRebuildsTheLegOnTheSameSockets() throws Exception {
        TestCall call = establish();
        int sockets = sip.server.openMediaSockets();
        call.reInvite(TestCall.offer(rtp.getLocalPort(), null, "8", "a=rtpmap:8 PCMA/8000"));
        SipText ok = phone.response(200, WAIT);
        org.confero.server.sdp.SdpAssertions.assertStrictlyValid(ok.body());
        assertThat(ok.body()).contains("RTP/AVP 8\r\n", "a=rtpmap:8 PCMA/8000");
        call.ack();
        assertThat(sip.media.legs()).hasSize(1);
        assertThat(sip.onlyLeg().codec()).isEqualTo(org.confero.mixer.codec.AudioCodec.PCMA);
        assertThat(sip.server.openMediaSockets()).isEqualTo(sockets);
    }

    @Test
    void roomUriWithOurDomainIsAnswered() throws Exception {
        new TestCall(phone, sip.port, "demo", SipTestServer.DOMAIN).invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
        assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
    }

    @Test
    void dtmfInInfoReachesTheLegListener() throws Exception {
        TestCall call = establish();
        call.info("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n");
        assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
        call.info("application/dtmf", "#");
        assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
        call.info("application/dtmf-relay", "Signal=X\r\n");
        assertThat(phone.response(400, WAIT).status()).isEqualTo(400);
        assertThat(sip.counter("sip_dtmf_digits_total")).isEqualTo(2);
    }

    @Test
    void digitsForARoomWithAPinAreLoggedWithoutTheirValue() throws Exception {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(DtmfReporter.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            TestCall call = new TestCall(phone, sip.port, "pinned");
            call.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
            SipText ok = phone.response(200, WAIT);
            call.answered(ok);
            call.ack();
            call.info("application/dtmf", "7");
            assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
            Await.until("the digit was logged", () -> appender.list.size() == 1);
            assertThat(appender.list.get(0).getFormattedMessage())
                    .isEqualTo("DTMF digit received room=pinned call=" + call.callId);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void callWithoutSessionRefreshIsEndedWithBye() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null), "Supported: timer", "Session-Expires: 90");
        SipText ok = phone.response(200, WAIT);
        assertThat(ok.header("session-expires")).isEqualTo("90;refresher=uac");
        call.answered(ok);
        call.ack();
        keepRtpFlowing(ok);
        sip.clock.advance(Duration.ofSeconds(61)); // RFC 4028 §10: BYE at 90 - min(32, 90/3) = 60 s
        SipText bye = phone.request("BYE", Duration.ofSeconds(3)).orElseThrow(() -> new AssertionError("no BYE"));
        phone.answerOk(bye);
        Await.until("call ended", () -> sip.server.activeCalls() == 0 && sip.server.openMediaSockets() == 0);
        assertThat(sip.counter("sip_session_timer_expiries_total")).isEqualTo(1);
    }

    @Test
    void focusRefreshesTheSessionWhenAskedToBeTheRefresher() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null), "Supported: timer", "Session-Expires: 90;refresher=uas");
        SipText ok = phone.response(200, WAIT);
        assertThat(ok.header("session-expires")).isEqualTo("90;refresher=uas");
        assertThat(ok.header("require")).as("Require: timer only when the UAC refreshes").isNull();
        call.answered(ok);
        call.ack();
        keepRtpFlowing(ok);
        sip.clock.advance(Duration.ofSeconds(46)); // RFC 4028 §10: refresh at half the interval
        SipText refresh = phone.request("INVITE", Duration.ofSeconds(3))
                .orElseThrow(() -> new AssertionError("no refresh re-INVITE"));
        assertThat(refresh.header("session-expires")).isEqualTo("90;refresher=uas");
        assertThat(refresh.body()).contains("m=audio " + audioPort(ok.body()) + " RTP/AVP 0 101");
        phone.answerOk(refresh, TestCall.pcmuOffer(rtp.getLocalPort(), null));
        assertThat(phone.request("ACK", Duration.ofSeconds(3))).as("our 2xx is ACKed").isPresent();
        sip.clock.advance(Duration.ofSeconds(30));
        keepRtpFlowing(ok);
        assertThat(phone.request("BYE", Duration.ofMillis(800))).isEmpty();
        assertThat(sip.server.activeCalls()).isEqualTo(1);
        assertThat(sip.counter("sip_session_refreshes_sent_total")).isEqualTo(1);
    }

    @Test
    void refreshedSessionStaysUp() throws Exception {
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null), "Supported: timer", "Session-Expires: 90");
        SipText ok = phone.response(200, WAIT);
        call.answered(ok);
        call.ack();
        keepRtpFlowing(ok);
        sip.clock.advance(Duration.ofSeconds(45));
        call.reInvite(TestCall.pcmuOffer(rtp.getLocalPort(), null), "Supported: timer", "Session-Expires: 90");
        assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
        call.ack();
        sip.clock.advance(Duration.ofSeconds(45));
        keepRtpFlowing(ok);
        assertThat(phone.request("BYE", Duration.ofMillis(1500))).isEmpty();
        assertThat(sip.server.activeCalls()).isEqualTo(1);
    }

    @Test
    void callWithoutRtpIsEndedWithByeButNotWhileOnHold() throws Exception {
        TestCall call = establish();
        call.reInvite(TestCall.pcmuOffer(rtp.getLocalPort(), "sendonly"));
        phone.response(200, WAIT);
        call.ack();
        Thread.sleep(700); // one supervisor sweep notes the hold
        sip.clock.advance(Duration.ofSeconds(60));
        assertThat(phone.request("BYE", Duration.ofMillis(1500))).as("held calls may be silent").isEmpty();

        call.reInvite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
        phone.response(200, WAIT);
        call.ack();
        Thread.sleep(700);
        sip.clock.advance(Duration.ofSeconds(31)); // rtpTimeoutSeconds = 30
        SipText bye = phone.request("BYE", Duration.ofSeconds(3)).orElseThrow(() -> new AssertionError("no BYE"));
        phone.answerOk(bye);
        Await.until("call ended", () -> sip.server.activeCalls() == 0);
        assertThat(sip.counter("sip_rtp_timeouts_total")).isEqualTo(1);
    }

    @Test
    void callThatNeverAcksIsCleanedUp() throws Exception {
        new TestCall(phone, sip.port, "demo").invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
        assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
        Thread.sleep(600);
        sip.clock.advance(Duration.ofSeconds(45));
        Await.until("vanished call cleaned up", () -> sip.server.activeCalls() == 0 && sip.server.openMediaSockets() == 0);
        assertThat(sip.media.openLegCount()).isZero();
    }

    @Test
    void closingTheServerSaysByeToEveryCallAndLeavesNoThreads() throws Exception {
        sip.close();
        int baseline = Thread.activeCount();
        sip = new SipTestServer();
        phone.close();
        phone = new RawSipClient(sip.port);
        establish();
        sip.close();
        SipText bye = phone.request("BYE", Duration.ofSeconds(3)).orElseThrow(() -> new AssertionError("no BYE"));
        assertThat(bye.header("call-id")).isNotNull();
        assertThat(sip.server.activeCalls()).isZero();
        assertThat(sip.server.openMediaSockets()).isZero();
        Await.until("stack threads gone", () -> Thread.activeCount() <= baseline + 2, 10_000);
    }

    private TestCall establish() throws IOException {
        TestCall call = new TestCall(phone, sip.port, "demo");
        call.invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
        SipText ok = phone.response(200, WAIT);
        assertThat(ok.status()).isEqualTo(200);
        call.answered(ok);
        call.ack();
        return call;
    }

    /**
     * Keeps RTP flowing to the call (a packet every 50 ms, until the test ends) so that moving the clock
     * forward does not also trip the RTP timeout.
     */
    private void keepRtpFlowing(SipText ok) {
        int port = audioPort(ok.body());
        if (pump == null) {
            pump = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            pump.scheduleAtFixedRate(() -> {
                try {
                    sendRtp(port, 1);
                } catch (IOException e) {
                    // the socket closes at the end of the test
                }
            }, 0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    static int audioPort(String sdp) {
        // Every SDP answer the focus gives must satisfy a strict parser (RFC 8866 §5.7: c= for every m-section).
        org.confero.server.sdp.SdpAssertions.assertStrictlyValid(sdp);
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(sdp);
        assertThat(m.find()).as("answer has an audio line: %s", sdp).isTrue();
        return Integer.parseInt(m.group(1));
    }

    void sendRtp(int port, int count) throws IOException {
        byte[] p = new byte[172];
        p[0] = (byte) 0x80;
        for (int i = 0; i < count; i++) {
            p[3] = (byte) i;
            rtp.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), port));
        }
    }

    static boolean nothingArrives(DatagramSocket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            s.receive(new DatagramPacket(new byte[2048], 2048));
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }
}
