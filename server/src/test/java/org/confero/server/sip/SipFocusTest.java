package org.confero.server.sip;

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

    @BeforeEach
    void start() throws IOException {
        sip = new SipTestServer();
        phone = new RawSipClient(sip.port);
        rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        rtp.setSoTimeout(2000);
    }

    @AfterEach
    void stop() {
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
        rtp.receive(back); // the fake mixer answers through the leg's PacketSender, to where we send from
        assertThat(back.getLength()).isEqualTo(172);
        assertThat(buf[1] & 0x7F).isZero();
        Await.until("all RTP reached the room", () -> sip.media.rtpReceived.get() == 3);

        call.bye();
        assertThat(phone.response(200, WAIT).status()).isEqualTo(200);
        Await.until("call gone", () -> sip.server.activeCalls() == 0);
        assertThat(sip.server.openMediaSockets()).isZero();
        assertThat(sip.media.openLegCount()).isZero();
    }

    static int audioPort(String sdp) {
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
