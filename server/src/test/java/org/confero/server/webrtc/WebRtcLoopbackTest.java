package org.confero.server.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.confero.server.webrtc.ServerSideEvents.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.confero.server.config.WebRtcConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.webrtc.srtp.SrtpProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebRtcLoopbackTest {
    private final Metrics metrics = new Metrics();
    private final ServerSideEvents server = new ServerSideEvents();
    private WebRtcGateway gateway;

    @BeforeEach
    void start() {
        gateway = new WebRtcGateway(new WebRtcConfig(0, Optional.empty(), List.of()), "127.0.0.1", metrics);
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void browserAndServerExchangeSrtpBothWaysAndTamperedPacketsAreDropped() throws Exception {
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcSession session = gateway.createSession("alice", server, server);
            WebRtcAnswer answer = new WebRtcAnswerer().answer(browser.offer("actpass"), session);
            assertThat(answer.sdp()).contains("a=setup:passive", "a=candidate:1 1 udp 2130706431 127.0.0.1 "
                    + gateway.localPort() + " typ host");

            browser.connect(answer.sdp());
            server.connected.get(10, TimeUnit.SECONDS);
            assertThat(session.state()).isEqualTo(WebRtcSession.State.CONNECTED);
            assertThat(session.srtpProfile()).contains(browser.profile());

            int ssrc = 0x1234_5678;
            for (int i = 0; i < 20; i++) {
                browser.sendRtp(LoopbackBrowser.rtp(111, 100 + i, 960L * i, ssrc, 160), false);
            }
            await(() -> server.received.size() == 20);
            assertThat(server.received.get(7)).isEqualTo(LoopbackBrowser.rtp(111, 107, 960L * 7, ssrc, 160));

            browser.sendRtp(LoopbackBrowser.rtp(111, 200, 960L * 200, ssrc, 160), true);
            await(() -> metrics.counterValue("confero_webrtc_srtp_auth_failures_total") == 1);
            assertThat(server.received).hasSize(20);

            for (int i = 0; i < 10; i++) {
                byte[] out = LoopbackBrowser.rtp(111, 500 + i, 960L * i, 42, 160);
                session.sendRtp(out, 0, out.length);
            }
            await(() -> browser.receivedRtp.size() == 10);
            // the transport sends what the leg wrote: the leg owns its SSRCs (LocalStreams)
            byte[] expected = LoopbackBrowser.rtp(111, 503, 960L * 3, 42, 160);
            assertThat(browser.receivedRtp.get(3)).isEqualTo(expected);
            assertThat(metrics.counterValue("confero_webrtc_dtls_handshakes_ok_total")).isEqualTo(1);
            SessionStats stats = session.stats();
            assertThat(stats.packetsReceived()).isEqualTo(20);
            assertThat(stats.srtpAuthFailures()).isEqualTo(1);
            assertThat(stats.packetsSent()).isEqualTo(10);
            assertThat(stats.sendDrops()).isZero();
        }
        // the browser sent close_notify on its way out
        assertThat(server.closed.get(10, TimeUnit.SECONDS).kind()).isEqualTo(CloseReason.Kind.PEER_CLOSED);
        await(() -> gateway.sessionCount() == 0);
    }

    @Test
    void garbageFromTheBrowserIsDroppedAndCountedWhileMediaKeepsFlowing() throws Exception {
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcSession session = gateway.createSession("frank", server, server);
            browser.connect(new WebRtcAnswerer().answer(browser.offer("actpass"), session).sdp());
            server.connected.get(10, TimeUnit.SECONDS);
            long dropsBefore = metrics.counterValue("confero_webrtc_receive_drops_total");
            long authBefore = metrics.counterValue("confero_webrtc_srtp_auth_failures_total");

            browser.sendRaw(new byte[] {(byte) 0x80, 111, 0, 1, 2}); // truncated RTP
            browser.sendRaw(new byte[] {(byte) 0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9}); // no RFC 7983 range
            browser.sendRaw(new byte[] {23, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 9, 0, 1, 7}); // DTLS junk
            browser.sendRaw(LoopbackBrowser.rtp(111, 1, 0, 0x5555, 160)); // plain RTP: not authentic
            byte[] rtcp = new byte[40];
            rtcp[0] = (byte) 0x81;
            rtcp[1] = (byte) 201;
            browser.sendRaw(rtcp); // plain RTCP: not authentic either

            byte[] good = LoopbackBrowser.rtp(111, 2, 960, 0x5555, 160);
            browser.sendRtp(good, false);
            await(() -> server.received.size() == 1);
            assertThat(server.received.get(0)).isEqualTo(good);
            assertThat(session.state()).isEqualTo(WebRtcSession.State.CONNECTED);
            assertThat(metrics.counterValue("confero_webrtc_receive_drops_total") - dropsBefore).isGreaterThanOrEqualTo(2);
            assertThat(metrics.counterValue("confero_webrtc_srtp_auth_failures_total") - authBefore).isEqualTo(2);
        }
    }

    @Test
    void twoSendingThreadsDoNotDropEachOthersPackets() throws Exception {
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcSession session = gateway.createSession("grace", server, server);
            browser.connect(new WebRtcAnswerer().answer(browser.offer("actpass"), session).sdp());
            server.connected.get(10, TimeUnit.SECONDS);
            // the audio mix on one thread, a video stream (own SSRC, kept) on another
            Runnable sender = () -> {
                boolean audio = Thread.currentThread().getName().endsWith("a");
                for (int i = 0; i < 100; i++) {
                    byte[] p = LoopbackBrowser.rtp(audio ? 111 : 96, i, 960L * i, audio ? 1 : 0xBEEF, 160);
                    session.sendRtp(p, 0, p.length);
                    LockSupportSleep.millis(1);
                }
            };
            Thread a = new Thread(sender, "sender-a");
            Thread b = new Thread(sender, "sender-b");
            a.start();
            b.start();
            a.join(10_000);
            b.join(10_000);
            await(() -> browser.receivedRtp.size() == 200);
            assertThat(metrics.counterValue("confero_webrtc_send_drops_total")).isZero();
            assertThat(browser.receivedRtp).filteredOn(p -> p[1] == 111).hasSize(100)
                    .allMatch(p -> java.nio.ByteBuffer.wrap(p, 8, 4).getInt() == 1);
            assertThat(browser.receivedRtp).filteredOn(p -> p[1] == 96).hasSize(100)
                    .allMatch(p -> java.nio.ByteBuffer.wrap(p, 8, 4).getInt() == 0xBEEF);
        }
    }

    /** Sleeps without the checked exception, for sender loops. */
    private static final class LockSupportSleep {
        static void millis(long ms) {
            java.util.concurrent.locks.LockSupport.parkNanos(ms * 1_000_000);
        }
    }

    @Test
    void fourBrowsersOnTheOneSharedPortEachReachOnlyTheirOwnSession() throws Exception {
        int n = 4;
        List<LoopbackBrowser> browsers = new java.util.ArrayList<>();
        List<List<byte[]>> received = new java.util.ArrayList<>();
        List<WebRtcSession> sessions = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                List<byte[]> mine = new CopyOnWriteArrayList<>();
                received.add(mine);
                WebRtcSession s = gateway.createSession("multi-" + i, new MediaHandler() {
                    @Override
                    public void onRtp(byte[] buf, int off, int len, long arrivalNanos) {
                        mine.add(java.util.Arrays.copyOfRange(buf, off, off + len));
                    }

                    @Override
                    public void onRtcp(byte[] buf, int off, int len, long arrivalNanos) {}
                }, SessionListener.NONE);
                sessions.add(s);
                LoopbackBrowser b = new LoopbackBrowser();
                browsers.add(b);
                b.connect(new WebRtcAnswerer().answer(b.offer("actpass"), s).sdp());
            }
            assertThat(gateway.sessionCount()).isEqualTo(n);
            // a browser's DTLS can finish before ours installs its SRTP keys: media sent before then is dropped
            await(() -> sessions.stream().allMatch(s -> s.state() == WebRtcSession.State.CONNECTED));
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < n; i++) {
                    browsers.get(i).sendRtp(LoopbackBrowser.rtp(111, round, 960L * round, 1000 + i, 100), false);
                    byte[] down = LoopbackBrowser.rtp(111, round, 960L * round, 0, 100 + i);
                    sessions.get(i).sendRtp(down, 0, down.length);
                }
                Thread.sleep(5); // paced like media: a burst on a loaded machine may overflow bounded receive queues
            }
            for (int i = 0; i < n; i++) {
                int me = i;
                await(() -> received.get(me).size() == 10 && browsers.get(me).receivedRtp.size() == 10);
                assertThat(received.get(i)).allMatch(p -> java.nio.ByteBuffer.wrap(p, 8, 4).getInt() == 1000 + me);
                assertThat(browsers.get(i).receivedRtp).allMatch(p -> p.length == 12 + 100 + me);
            }
        } finally {
            browsers.forEach(LoopbackBrowser::close);
        }
        await(() -> gateway.sessionCount() == 0);
    }

    @Test
    void aesCmProfileWorksWhenTheBrowserOffersOnlyThat() throws Exception {
        try (LoopbackBrowser browser = new LoopbackBrowser(SrtpProfile.AES128_CM_HMAC_SHA1_80)) {
            WebRtcSession session = gateway.createSession("dave", server, server);
            browser.connect(new WebRtcAnswerer().answer(browser.offer("actpass"), session).sdp());
            server.connected.get(10, TimeUnit.SECONDS);
            assertThat(session.srtpProfile()).contains(SrtpProfile.AES128_CM_HMAC_SHA1_80);
            byte[] packet = LoopbackBrowser.rtp(111, 9, 4242, 77, 160);
            browser.sendRtp(packet, false);
            await(() -> server.received.size() == 1);
            assertThat(server.received.get(0)).isEqualTo(packet);
            session.sendRtp(packet, 0, packet.length);
            await(() -> browser.receivedRtp.size() == 1);
        }
    }

    @Test
    void connectedBrowserThatSendsNoMediaStaysUpWhileItAnswersConsentChecks() throws Exception {
        gateway.close();
        gateway = new WebRtcGateway(new WebRtcConfig(0, Optional.empty(), List.of()), "127.0.0.1", metrics,
                new WebRtcGateway.Options(a -> true, Duration.ofSeconds(3), Duration.ofSeconds(30)));
        gateway.start();
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcSession session = gateway.createSession("erin", server, server);
            browser.connect(new WebRtcAnswerer().answer(browser.offer("actpass"), session).sdp());
            server.connected.get(10, TimeUnit.SECONDS);
            Thread.sleep(7_000); // more than twice the consent timeout, without a single media packet
            assertThat(server.closed).isNotDone();
            assertThat(session.state()).isEqualTo(WebRtcSession.State.CONNECTED);
        }
    }

    @Test
    void browserWhoseCertificateDoesNotMatchItsOfferIsRefused() throws Exception {
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcSession session = gateway.createSession("mallory", server, server);
            var impostor = org.confero.server.webrtc.dtls.DtlsCertificate.generate("other").fingerprint();
            String answer = new WebRtcAnswerer().answer(browser.offer("actpass", impostor), session).sdp();
            assertThatThrownBy(() -> browser.connect(answer)).isInstanceOf(java.io.IOException.class);
            assertThat(server.closed.get(10, TimeUnit.SECONDS).kind()).isEqualTo(CloseReason.Kind.DTLS_FAILED);
            assertThat(server.connected).isNotDone();
            assertThat(metrics.counterValue("confero_webrtc_dtls_handshakes_failed_total")).isEqualTo(1);
            assertThat(gateway.sessionCount()).isZero();
        }
    }

    @Test
    void serverActsAsDtlsClientWhenTheBrowserOffersPassive() throws Exception {
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcSession session = gateway.createSession("bob", server, server);
            WebRtcAnswer answer = new WebRtcAnswerer().answer(browser.offer("passive"), session);
            assertThat(answer.sdp()).contains("a=setup:active");
            browser.connect(answer.sdp());
            server.connected.get(10, TimeUnit.SECONDS);
            browser.sendRtp(LoopbackBrowser.rtp(111, 1, 0, 7, 100), false);
            await(() -> server.received.size() == 1);
        }
    }

    @Test
    void silentlyVanishedBrowserIsDetectedWithinTenSecondsAndItsThreadsAreFreed() throws Exception {
        warmUpSharedPools();
        long baseline = ourThreads();
        java.util.Set<String> before = names();
        long expiredBefore = metrics.counterValue("confero_webrtc_consent_expired_total");
        LoopbackBrowser browser = new LoopbackBrowser();
        WebRtcSession session = gateway.createSession("carol", server, server);
        browser.connect(new WebRtcAnswerer().answer(browser.offer("actpass"), session).sdp());
        server.connected.get(10, TimeUnit.SECONDS);
        browser.sendRtp(LoopbackBrowser.rtp(111, 1, 0, 9, 100), false);

        long left = System.nanoTime();
        browser.close(false);
        CloseReason reason = server.closed.get(12, TimeUnit.SECONDS);
        long detectedMillis = (System.nanoTime() - left) / 1_000_000;

        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.CONSENT_EXPIRED);
        assertThat(detectedMillis).isLessThan(10_000);
        assertThat(gateway.sessionCount()).isZero();
        assertThat(metrics.counterValue("confero_webrtc_consent_expired_total")).isEqualTo(expiredBefore + 1);
        // the session's receive and DTLS threads are gone (ice4j's shared pools are not per session)
        await(() -> ourThreads() == baseline);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().endsWith("-carol"));
        // anything new belongs to ice4j's shared executors or the JDK's cleaner, none to the closed session
        // (socket connector threads end shortly after their socket closed)
        await(() -> names().stream().filter(n -> !before.contains(n))
                .allMatch(n -> n.startsWith("ice4j.") || n.startsWith("Cleaner")));
    }

    private static java.util.Set<String> names() {
        java.util.Set<String> n = new java.util.TreeSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> n.add(t.getName()));
        return n;
    }

    private static long ourThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("webrtc-")).count();
    }

    /** ice4j starts shared timer and executor threads with the first agent; they are not per-session. */
    private void warmUpSharedPools() throws Exception {
        CompletableFuture<CloseReason> done = new CompletableFuture<>();
        try (LoopbackBrowser browser = new LoopbackBrowser()) {
            WebRtcSession warm = gateway.createSession("warm-up", MediaHandler.DISCARD, new SessionListener() {
                @Override
                public void onClosed(WebRtcSession s, CloseReason r) {
                    done.complete(r);
                }
            });
            browser.connect(new WebRtcAnswerer().answer(browser.offer("actpass"), warm).sdp());
        }
        done.get(10, TimeUnit.SECONDS);
        await(() -> gateway.sessionCount() == 0);
        Thread.sleep(500);
    }
}
