package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLException;
import org.confero.server.sdp.MediaDescription;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.sip.sdes.CryptoLine;
import org.confero.server.webrtc.srtp.PacketBuffer;
import org.confero.server.webrtc.srtp.SrtpKeys;
import org.confero.server.webrtc.srtp.SrtpProfile;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIP over TLS and SDES-SRTP against the real SIP server: what the TLS listener negotiates, which offers get keys,
 * which get 488, and that media on a keyed leg is SRTP both ways.
 */
class SipSrtpTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SipTestServer sip;
    private DatagramSocket rtp;
    private int serverRtpPort = -1;

    @BeforeEach
    void start() throws IOException {
        sip = SipTestServer.withTls();
        rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        rtp.close();
        sip.close();
    }

    @Test
    void tlsListenerSpeaksOnlyTls12OrNewerWithForwardSecretAeadSuites() throws IOException {
        try (TlsSipClient tls = new TlsSipClient(sip.tlsPort)) {
            assertThat(tls.protocol()).isIn("TLSv1.3", "TLSv1.2");
            assertThat(tls.cipherSuite()).matches("TLS_(AES_\\d+_GCM|CHACHA20_POLY1305)_SHA\\d+");
        }
        // TLS 1.2 with a suite that has no forward secrecy or no AEAD: refused by the server
        assertThatThrownBy(() -> new TlsSipClient(sip.tlsPort, new String[] {"TLSv1.2"},
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
                        "TLS_RSA_WITH_AES_128_GCM_SHA256"}).close()).isInstanceOf(SSLException.class);
        try (TlsSipClient tls12 = new TlsSipClient(sip.tlsPort, new String[] {"TLSv1.2"}, null)) {
            assertThat(tls12.cipherSuite()).matches("TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_\\d+_GCM_SHA\\d+|CHACHA20_POLY1305_SHA256)");
        }
    }

    @Test
    void aCryptoOfferOverTlsGetsOurOwnKeyForThePreferredSuiteAndATlsContact() throws Exception {
        byte[] cm = key(30);
        byte[] gcm = key(28);
        try (TlsSipClient phone = new TlsSipClient(sip.tlsPort)) {
            String uri = "sip:demo@127.0.0.1:" + sip.tlsPort + ";transport=tls";
            phone.send(phone.invite(uri, "tls-1", offer("RTP/SAVP", rtp.getLocalPort(),
                    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + b64(cm),
                    "a=crypto:2 AEAD_AES_128_GCM inline:" + b64(gcm))));
            SipText ok = phone.finalResponse(WAIT);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("contact")).contains(":" + sip.tlsPort).contains("transport=tls");
            phone.send(phone.ack(uri, "tls-1", ok)); // a leg is sent to once its call is confirmed
            MediaDescription audio = answer(ok).media().get(0);
            assertThat(audio.protocol()).isEqualTo("RTP/SAVP");
            serverRtpPort = audio.port();
            List<String> crypto = audio.attributes("crypto");
            assertThat(crypto).hasSize(1);
            CryptoLine ours = ((CryptoLine.Parsed.Usable) CryptoLine.parse(crypto.get(0))).line();
            assertThat(ours.tag()).isEqualTo(2);
            assertThat(ours.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
            assertThat(ours.sameKeyAs(new CryptoLine(2, SrtpProfile.AEAD_AES_128_GCM, gcm))).isFalse();

            // what the server sends us is SRTP under its key, and what we send under ours reaches the leg
            CryptoLine theirs = new CryptoLine(2, SrtpProfile.AEAD_AES_128_GCM, gcm);
            try (SrtpTransformer peer = new SrtpTransformer(SrtpKeys.of(SrtpProfile.AEAD_AES_128_GCM, theirs.key(),
                    theirs.salt(), ours.key(), ours.salt()))) {
                sendRtp(peer, 50);
                PacketBuffer in = receiveRtp();
                assertThat(peer.unprotectRtp(in)).isEqualTo(SrtpErrorStatus.OK);
                assertThat(in.getLength()).isGreaterThan(12);
                Await.until("the leg receives our SRTP", () -> sip.onlyLeg().rtpPackets() >= 40, WAIT.toMillis());
                assertThat(sip.counter("sip_srtp_auth_failures_total")).isZero();
            }
            // a wrong key: every packet is a counted drop, none reaches the leg
            long before = sip.onlyLeg().rtpPackets();
            try (SrtpTransformer forger = new SrtpTransformer(SrtpKeys.of(SrtpProfile.AEAD_AES_128_GCM, key(16),
                    key(12), ours.key(), ours.salt()))) {
                sendRtp(forger, 10);
            }
            Await.until("forged SRTP counted", () -> sip.counter("sip_srtp_auth_failures_total") >= 10, WAIT.toMillis());
            assertThat(sip.onlyLeg().rtpPackets()).isEqualTo(before);
        }
    }

    @Test
    void aSipsRequestOverTlsGetsASipsContactAndOverUdpGets416() throws Exception {
        try (TlsSipClient phone = new TlsSipClient(sip.tlsPort)) {
            String uri = "sips:demo@127.0.0.1:" + sip.tlsPort;
            phone.send(phone.invite(uri, "tls-sips", offer("RTP/SAVP", rtp.getLocalPort(),
                    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + b64(key(30)))));
            SipText ok = phone.finalResponse(WAIT);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("contact")).startsWith("<sips:demo@127.0.0.1:" + sip.tlsPort + ">");
            assertThat(answer(ok).media().get(0).attributes("crypto")).singleElement().asString()
                    .startsWith("1 AES_CM_128_HMAC_SHA1_80 inline:");
        }
        try (RawSipClient phone = new RawSipClient(sip.port)) {
            phone.send("INVITE sips:demo@127.0.0.1:" + sip.port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";branch=" + RawSipClient.branch() + "\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:t@127.0.0.1>;tag=1\r\nTo: <sips:demo@127.0.0.1>\r\n"
                    + "Call-ID: sips-udp\r\nCSeq: 1 INVITE\r\nContact: <sip:t@127.0.0.1:" + phone.port() + ">\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertThat(phone.response(416, WAIT).status()).isEqualTo(416);
        }
    }

    @Test
    void onlyUnusableCryptoOverTlsGets488() throws Exception {
        try (TlsSipClient phone = new TlsSipClient(sip.tlsPort)) {
            String uri = "sip:demo@127.0.0.1:" + sip.tlsPort + ";transport=tls";
            phone.send(phone.invite(uri, "tls-2", offer("RTP/SAVP", rtp.getLocalPort(),
                    "a=crypto:1 F8_128_HMAC_SHA1_80 inline:" + b64(key(30)),
                    "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:not-base64!",
                    "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" + b64(key(30)) + "|2^20|1:4")));
            SipText refused = phone.finalResponse(WAIT);
            assertThat(refused.status()).isEqualTo(488);
            assertThat(refused.header("warning")).startsWith("304 ");
        }
    }

    @Test
    void aPlainOfferOverTlsToARoomThatRequiresEncryptionGets488() throws Exception {
        try (TlsSipClient phone = new TlsSipClient(sip.tlsPort)) {
            String uri = "sip:secure@127.0.0.1:" + sip.tlsPort + ";transport=tls";
            phone.send(phone.invite(uri, "tls-3", offer("RTP/AVP", rtp.getLocalPort())));
            SipText refused = phone.finalResponse(WAIT);
            assertThat(refused.status()).isEqualTo(488);
            assertThat(refused.header("warning")).contains("encryption required");
        }
    }

    @Test
    void aPlainOfferOverUdpToARoomThatRequiresEncryptionGets488WithWarning() throws IOException {
        try (RawSipClient phone = new RawSipClient(sip.port)) {
            new TestCall(phone, sip.port, "secure").invite(TestCall.pcmuOffer(rtp.getLocalPort(), null));
            SipText refused = phone.response(488, WAIT);
            assertThat(refused.status()).isEqualTo(488);
            assertThat(refused.header("warning")).startsWith("304 ").contains("encryption required");
            assertThat(sip.media.legs()).isEmpty();
        }
    }

    @Test
    void keysOfferedOverUdpAreNeverAccepted() throws IOException {
        try (RawSipClient phone = new RawSipClient(sip.port)) {
            // RTP/SAVP over UDP: there is nothing plain to answer with
            new TestCall(phone, sip.port, "demo").invite(offer("RTP/SAVP", rtp.getLocalPort(),
                    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + b64(key(30))));
            SipText refused = phone.response(488, WAIT);
            assertThat(refused.status()).isEqualTo(488);
            assertThat(refused.header("warning")).contains("over TLS only");

            // RTP/AVP with a=crypto (best-effort SRTP) over UDP: answered plain, without a key
            new TestCall(phone, sip.port, "demo").invite(offer("RTP/AVP", rtp.getLocalPort(),
                    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + b64(key(30))));
            SipText ok = phone.response(200, WAIT);
            assertThat(ok.status()).isEqualTo(200);
            MediaDescription audio = answer(ok).media().get(0);
            assertThat(audio.protocol()).isEqualTo("RTP/AVP");
            assertThat(audio.attributes("crypto")).isEmpty();
            assertThat(ok.body()).doesNotContain("crypto");
        }
    }

    private static String offer(String profile, int port, String... lines) {
        StringBuilder sb = new StringBuilder("v=0\r\no=test 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
        sb.append("m=audio ").append(port).append(' ').append(profile).append(" 0\r\na=rtpmap:0 PCMU/8000\r\n");
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        return sb.append("a=sendrecv\r\n").toString();
    }

    private static SessionDescription answer(SipText ok) {
        return ((SdpParser.SdpResult.Parsed) SdpParser.parse(ok.body())).sdp();
    }

    private void sendRtp(SrtpTransformer t, int count) throws IOException {
        PacketBuffer p = new PacketBuffer();
        byte[] rtpPacket = new byte[12 + 160];
        for (int i = 0; i < count; i++) {
            rtpPacket[0] = (byte) 0x80;
            rtpPacket[1] = 0;
            rtpPacket[2] = (byte) (i >> 8);
            rtpPacket[3] = (byte) i;
            int ts = i * 160;
            rtpPacket[4] = (byte) (ts >> 24);
            rtpPacket[5] = (byte) (ts >> 16);
            rtpPacket[6] = (byte) (ts >> 8);
            rtpPacket[7] = (byte) ts;
            rtpPacket[8] = 0x12;
            rtpPacket[9] = 0x34;
            rtpPacket[10] = 0x56;
            rtpPacket[11] = 0x78;
            java.util.Arrays.fill(rtpPacket, 12, rtpPacket.length, (byte) 0xFF);
            p.load(rtpPacket, 0, rtpPacket.length);
            assertThat(t.protectRtp(p)).isEqualTo(SrtpErrorStatus.OK);
            rtp.send(new DatagramPacket(p.getBuffer(), p.getOffset(), p.getLength(),
                    new InetSocketAddress("127.0.0.1", serverRtpPort)));
        }
    }


    private PacketBuffer receiveRtp() throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        rtp.setSoTimeout(3000);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                rtp.receive(packet);
            } catch (SocketTimeoutException e) {
                break;
            }
            int pt = buf[1] & 0xFF;
            if (pt >= 192 && pt <= 223) {
                continue; // SRTCP
            }
            PacketBuffer p = new PacketBuffer();
            p.load(buf, 0, packet.getLength());
            return p;
        }
        throw new AssertionError("no RTP from the server");
    }

    private static byte[] key(int length) {
        byte[] k = new byte[length];
        RANDOM.nextBytes(k);
        return k;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
