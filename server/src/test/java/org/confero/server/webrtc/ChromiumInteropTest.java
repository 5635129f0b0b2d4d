package org.confero.server.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.confero.server.config.WebRtcConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.HeadlessChromium;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Real headless Chromium against the gateway on 127.0.0.1: offer from the browser, our answer, ICE + DTLS +
 * SRTP, Opus both ways (we echo the browser's own packets back with our SSRC, sequence and timestamps).
 */
class ChromiumInteropTest {
    private final Metrics metrics = new Metrics();
    private WebRtcGateway gateway;
    private HttpServer http;
    private ChromeDriver driver;
    private Path profile;

    @BeforeEach
    void start() throws IOException {
        assertThat(HeadlessChromium.installed())
                .as("chromium and chromium-driver are installed (scripts/test.sh installs them)").isTrue();
        gateway = new WebRtcGateway(new WebRtcConfig(0, Optional.empty(), List.of()), "127.0.0.1", metrics);
        gateway.start();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            byte[] page;
            try (InputStream in = ChromiumInteropTest.class.getResourceAsStream("/webrtc/peer.html")) {
                page = in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        http.start();
        profile = Files.createTempDirectory("confero-chromium");
        driver = startChromium(profile);
    }

    @AfterEach
    void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (http != null) {
            http.stop(0);
        }
        if (gateway != null) {
            gateway.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ChromeDriver startChromium(Path profile) {
        ChromeDriver d = HeadlessChromium.start(HeadlessChromium.options(profile));
        d.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return d;
    }

    @Test
    void chromiumConnectsSendsOpusAndPlaysWhatWeSendBack() throws Exception {
        driver.get("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        JavascriptExecutor js = driver;
        String offerSdp = (String) js.executeAsyncScript("window.startOffer().then(arguments[0], e => arguments[0]('ERR ' + e))");
        assertThat(offerSdp).startsWith("v=0");
        Files.writeString(Path.of("target", "chromium-offer.sdp"), offerSdp, StandardCharsets.UTF_8);
        SessionDescription offer = ((SdpParser.SdpResult.Parsed) SdpParser.parse(offerSdp)).sdp();

        AtomicReference<WebRtcSession> sessionRef = new AtomicReference<>();
        AtomicInteger opusPackets = new AtomicInteger();
        AtomicInteger otherPackets = new AtomicInteger();
        AtomicInteger unexpectedPt = new AtomicInteger();
        java.util.Set<Integer> videoPts = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger opusPt = new AtomicInteger(-1);
        Echo echo = new Echo(sessionRef);
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        MediaHandler handler = new MediaHandler() {
            @Override
            public void onRtp(byte[] buf, int off, int len, long arrivalNanos) {
                if ((buf[off + 1] & 0x7F) == opusPt.get()) {
                    opusPackets.incrementAndGet();
                    echo.send(buf, off, len);
                } else if (videoPts.contains(buf[off + 1] & 0x7F)) {
                    otherPackets.incrementAndGet();
                } else {
                    unexpectedPt.incrementAndGet();
                }
            }

            @Override
            public void onRtcp(byte[] buf, int off, int len, long arrivalNanos) {}
        };
        WebRtcSession session = gateway.createSession("chromium", handler, new SessionListener() {
            @Override
            public void onClosed(WebRtcSession s, CloseReason reason) {
                closed.complete(reason);
            }
        });
        sessionRef.set(session);
        WebRtcAnswer answer = new WebRtcAnswerer().answer(offer, session);
        opusPt.set(answer.audio().payloadType());
        assertThat(answer.sdp()).contains("m=application 0 ");
        assertThat(answer.videoPayloadTypes()).isNotEmpty();
        videoPts.addAll(answer.videoPayloadTypes());

        Object applied = js.executeAsyncScript("window.applyAnswer(arguments[0]).then(arguments[1], e => arguments[1]('ERR ' + e))",
                answer.sdp());
        assertThat(applied).isEqualTo("ok");

        await(Duration.ofSeconds(15), () -> "connected".equals(state(js).get("connection")));
        assertThat(state(js)).containsEntry("dtls", "connected");
        assertThat(session.state()).isEqualTo(WebRtcSession.State.CONNECTED);

        await(Duration.ofSeconds(10), () -> opusPackets.get() > 50);
        await(Duration.ofSeconds(10), () -> inboundAudioPackets(js) > 0);
        await(Duration.ofSeconds(10), () -> otherPackets.get() > 0); // the fake camera's video, in a PT we answered
        assertThat(unexpectedPt.get()).isZero();
        assertThat(metrics.counterValue("confero_webrtc_srtp_auth_failures_total")).isZero();
        System.out.printf("chromium interop: profile=%s opus in=%d video in=%d echoed=%d browser inbound=%d%n",
                session.srtpProfile().orElseThrow(), opusPackets.get(), otherPackets.get(), echo.sent.get(),
                inboundAudioPackets(js));

        long left = System.nanoTime();
        driver.quit();
        driver = null;
        await(Duration.ofSeconds(10), () -> gateway.sessionCount() == 0);
        System.out.printf("chromium interop: session removed %d ms after the browser quit (%s)%n",
                (System.nanoTime() - left) / 1_000_000, closed.getNow(null));
        assertThat(closed.get(1, TimeUnit.SECONDS).kind())
                .isIn(CloseReason.Kind.PEER_CLOSED, CloseReason.Kind.CONSENT_EXPIRED);
    }

    @Test
    void closingThePeerConnectionInThePageEndsTheSession() throws Exception {
        driver.get("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        JavascriptExecutor js = driver;
        String offerSdp = (String) js.executeAsyncScript("window.startOffer().then(arguments[0], e => arguments[0]('ERR ' + e))");
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        CompletableFuture<WebRtcSession> connected = new CompletableFuture<>();
        WebRtcSession session = gateway.createSession("chromium-2", MediaHandler.DISCARD, new SessionListener() {
            @Override
            public void onConnected(WebRtcSession s) {
                connected.complete(s);
            }

            @Override
            public void onClosed(WebRtcSession s, CloseReason reason) {
                closed.complete(reason);
            }
        });
        WebRtcAnswer answer = new WebRtcAnswerer().answer(((SdpParser.SdpResult.Parsed) SdpParser.parse(offerSdp)).sdp(),
                session);
        js.executeAsyncScript("window.applyAnswer(arguments[0]).then(arguments[1])", answer.sdp());
        connected.get(15, TimeUnit.SECONDS);

        long left = System.nanoTime();
        js.executeScript("window.pc.close();");
        CloseReason reason = closed.get(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - left) / 1_000_000;
        System.out.printf("chromium interop: pc.close() ended the session after %d ms (%s)%n", millis, reason);
        // Chromium sends DTLS close_notify when its peer connection closes
        assertThat(reason.kind()).isEqualTo(CloseReason.Kind.PEER_CLOSED);
        assertThat(millis).isLessThan(2_000);
        assertThat(gateway.sessionCount()).isZero();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(JavascriptExecutor js) {
        return (Map<String, Object>) js.executeScript("return window.transportState();");
    }

    @SuppressWarnings("unchecked")
    private static long inboundAudioPackets(JavascriptExecutor js) {
        Map<String, Object> r = (Map<String, Object>) js.executeAsyncScript(
                "window.inboundAudio().then(arguments[0])");
        return ((Number) r.get("packetsReceived")).longValue();
    }

    /** Sends the browser's Opus back as our own stream: fresh sequence numbers and timestamps. */
    private static final class Echo {
        private final AtomicReference<WebRtcSession> session;
        private final byte[] out = new byte[1500];
        private final AtomicInteger sent = new AtomicInteger();
        private int seq = 1000;
        private long timestamp = 48_000;

        Echo(AtomicReference<WebRtcSession> session) {
            this.session = session;
        }

        /** Called on the session's receive thread only. */
        void send(byte[] buf, int off, int len) {
            WebRtcSession s = session.get();
            int headerLength = 12 + 4 * (buf[off] & 0x0F);
            if (s == null || len <= headerLength) {
                return;
            }
            // a plain 12-byte header: no CSRCs, no extensions
            out[0] = (byte) 0x80;
            out[1] = buf[off + 1];
            out[2] = (byte) (seq >>> 8);
            out[3] = (byte) seq;
            out[4] = (byte) (timestamp >>> 24);
            out[5] = (byte) (timestamp >>> 16);
            out[6] = (byte) (timestamp >>> 8);
            out[7] = (byte) timestamp;
            int payloadStart = off + headerLength;
            if ((buf[off] & 0x10) != 0) { // RFC 3550 §5.3.1 header extension
                int extWords = ((buf[payloadStart + 2] & 0xFF) << 8) | (buf[payloadStart + 3] & 0xFF);
                payloadStart += 4 + 4 * extWords;
            }
            int payloadLength = off + len - payloadStart;
            if (payloadLength <= 0) {
                return;
            }
            System.arraycopy(buf, payloadStart, out, 12, payloadLength);
            seq = (seq + 1) & 0xFFFF;
            timestamp += 960;
            s.sendRtp(out, 0, 12 + payloadLength);
            sent.incrementAndGet();
        }
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
