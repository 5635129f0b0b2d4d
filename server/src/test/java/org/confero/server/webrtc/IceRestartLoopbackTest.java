package org.confero.server.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.confero.server.webrtc.ServerSideEvents.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.confero.server.config.WebRtcConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ICE restart on a running session against a second, independent ice4j/DTLS/SRTP stack that plays the browser:
 * new credentials both ways, the new pair carries the media, the DTLS association and SRTP contexts carry on.
 */
class IceRestartLoopbackTest {
    private final Metrics metrics = new Metrics();
    private final ServerSideEvents server = new ServerSideEvents();
    private WebRtcGateway gateway;

    private void startGateway(Duration connectTimeout) {
        gateway = new WebRtcGateway(new WebRtcConfig(0, Optional.empty(), List.of()), "127.0.0.1", metrics,
                new WebRtcGateway.Options(a -> true, Duration.ofSeconds(7), connectTimeout));
        gateway.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aReOfferWithNewCredentialsMovesMediaToTheNewPairAndKeepsDtls() throws Exception {
        startGateway(Duration.ofSeconds(30));
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcSession session = gateway.createSession("alice", server, server);
            WebRtcAnswerer answerer = new WebRtcAnswerer();
            String first = answerer.answer(browser.offer("actpass"), session).sdp();
            browser.connect(first);
            server.connected.get(10, TimeUnit.SECONDS);
            int ssrc = 0x0bad_cafe;
            exchange(browser, session, ssrc, 0, 10);
            int oldPort = browser.port();

            String restartAnswer = answerer.answer(browser.restartIce(), session).sdp();
            assertThat(ufrag(restartAnswer)).as("new local credentials (RFC 8839 §4.4.1.1.2)")
                    .isNotEqualTo(ufrag(first));
            assertThat(pwd(restartAnswer)).isNotEqualTo(pwd(first));
            assertThat(restartAnswer).contains("a=setup:passive", "a=fingerprint:" + session.localFingerprint()
                    .attributeValue());
            assertThat(session.iceRestarting()).isTrue();
            assertThat(metrics.counterValue("confero_webrtc_ice_restarts_total")).isEqualTo(1);

            browser.reconnect(restartAnswer);
            assertThat(browser.port()).as("the browser checks from a new address").isNotEqualTo(oldPort);
            await(() -> metrics.counterValue("confero_webrtc_ice_restarts_completed_total") == 1);
            assertThat(session.iceRestarting()).isFalse();
            assertThat(session.remoteTransport().orElseThrow().iceUfrag())
                    .isEqualTo(ufragOfOffer(browser));

            // the same SRTP contexts: sequence numbers simply continue, no new handshake
            exchange(browser, session, ssrc, 10, 10);
            assertThat(metrics.counterValue("confero_webrtc_dtls_handshakes_ok_total")).isEqualTo(1);
            assertThat(session.state()).isEqualTo(WebRtcSession.State.CONNECTED);
            assertThat(session.stats().srtpAuthFailures()).isZero();
            assertThat(server.closed).isNotDone();
            assertThat(gateway.sessionCount()).isEqualTo(1);

            // a later re-offer with the restarted credentials is an ordinary renegotiation, not another restart
            answerer.answer(browser.offer("actpass"), session);
            assertThat(session.iceRestarts()).isEqualTo(1);
        }
    }

    @Test
    void aRestartFromTheOldPairsVeryAddressReachesTheNewAgent() throws Exception {
        startGateway(Duration.ofSeconds(30));
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcAnswerer answerer = new WebRtcAnswerer();
            WebRtcSession session = connectedSession("frank", browser, answerer);
            exchange(browser, session, 3, 0, 5);
            int oldPort = browser.port();

            browser.reconnect(answerer.answer(browser.restartIce(true), session).sdp());
            assertThat(browser.port()).isEqualTo(oldPort);
            await(() -> metrics.counterValue("confero_webrtc_ice_restarts_completed_total") == 1);
            exchange(browser, session, 3, 5, 5);
            assertThat(metrics.counterValue("confero_webrtc_dtls_handshakes_ok_total")).isEqualTo(1);
        }
    }

    @Test
    void restartsBeyondTheRateLimitAreRefusedAndTheOldPairKeepsWorking() throws Exception {
        startGateway(Duration.ofSeconds(30));
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcAnswerer answerer = new WebRtcAnswerer();
            WebRtcSession session = connectedSession("bob", browser, answerer);
            for (int i = 0; i < WebRtcSession.MAX_RESTARTS; i++) {
                answerer.answer(browser.restartIce(), session);
            }
            assertThatThrownBy(() -> answerer.answer(browser.restartIce(), session))
                    .isInstanceOfSatisfying(SdpRejectedException.class,
                            e -> assertThat(e.code()).isEqualTo(SdpRejectedException.Code.RATE_LIMITED));
            assertThat(metrics.counterValue("confero_webrtc_ice_restarts_total")).isEqualTo(WebRtcSession.MAX_RESTARTS);
            assertThat(metrics.counterValue("confero_webrtc_ice_restarts_refused_total")).isEqualTo(1);
            exchange(browser, session, 77, 0, 5);
        }
    }

    @Test
    void aRestartThatFindsNoPairIsCountedAsAnIceFailureAndTheSessionCarriesOn() throws Exception {
        startGateway(Duration.ofSeconds(2));
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcAnswerer answerer = new WebRtcAnswerer();
            WebRtcSession session = connectedSession("carol", browser, answerer);
            answerer.answer(browser.restartIce(), session); // the browser never checks the new pair
            assertThat(session.iceRestarting()).isTrue();
            await(() -> !session.iceRestarting());
            assertThat(metrics.counterValue("confero_webrtc_ice_failures_total")).isEqualTo(1);
            assertThat(metrics.counterValue("confero_webrtc_ice_restarts_completed_total")).isZero();
            assertThat(session.state()).isEqualTo(WebRtcSession.State.CONNECTED);
            exchange(browser, session, 99, 0, 5);
            assertThat(server.closed).isNotDone();
        }
    }

    @Test
    void aReOfferWithANewCertificateIsRefusedAndAbandonsItsRestart() throws Exception {
        startGateway(Duration.ofSeconds(30));
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcAnswerer answerer = new WebRtcAnswerer();
            WebRtcSession session = connectedSession("dave", browser, answerer);
            String sdp = browser.restartIce().encode().replace(browser.certificate.fingerprint().attributeValue(),
                    org.confero.server.webrtc.dtls.DtlsCertificate.generate("other").fingerprint().attributeValue());
            SessionDescription impostor = ((SdpParser.SdpResult.Parsed) SdpParser.parse(sdp)).sdp();
            assertThatThrownBy(() -> answerer.answer(impostor, session))
                    .isInstanceOfSatisfying(SdpRejectedException.class,
                            e -> assertThat(e.code()).isEqualTo(SdpRejectedException.Code.BAD_SDP));
            assertThat(session.iceRestarting()).isFalse();
            exchange(browser, session, 5, 0, 5);
        }
    }

    /** A session for {@code name}, answered by {@code answerer}, that {@code browser} has connected to. */
    private WebRtcSession connectedSession(String name, LoopbackBrowser browser, WebRtcAnswerer answerer)
            throws Exception {
        WebRtcSession session = gateway.createSession(name, server, server);
        browser.connect(answerer.answer(browser.offer("actpass"), session).sdp());
        server.connected.get(10, TimeUnit.SECONDS);
        return session;
    }

    /** {@code count} packets each way, numbered from {@code from}; both sides must get every one. */
    private void exchange(LoopbackBrowser browser, WebRtcSession session, int ssrc, int from, int count)
            throws Exception {
        int serverBefore = server.received.size();
        int browserBefore = browser.receivedRtp.size();
        for (int i = from; i < from + count; i++) {
            browser.sendRtp(LoopbackBrowser.rtp(111, 100 + i, 960L * i, ssrc, 160), false);
            byte[] out = LoopbackBrowser.rtp(111, 500 + i, 960L * i, 42, 160);
            session.sendRtp(out, 0, out.length);
        }
        await(() -> server.received.size() == serverBefore + count
                && browser.receivedRtp.size() == browserBefore + count);
        assertThat(server.received.get(serverBefore + count - 1))
                .isEqualTo(LoopbackBrowser.rtp(111, 100 + from + count - 1, 960L * (from + count - 1), ssrc, 160));
    }

    private static String ufrag(String sdp) {
        return attribute(sdp, "a=ice-ufrag:");
    }

    private static String pwd(String sdp) {
        return attribute(sdp, "a=ice-pwd:");
    }

    private static String ufragOfOffer(LoopbackBrowser browser) {
        return ufrag(browser.offer("actpass").encode());
    }

    private static String attribute(String sdp, String prefix) {
        int at = sdp.indexOf(prefix) + prefix.length();
        return sdp.substring(at, sdp.indexOf("\r\n", at));
    }
}
