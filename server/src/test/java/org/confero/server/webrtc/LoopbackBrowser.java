package org.confero.server.webrtc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.confero.server.sdp.MediaDescription;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.webrtc.dtls.DtlsCertificate;
import org.confero.server.webrtc.dtls.DtlsEndpoint;
import org.confero.server.webrtc.dtls.Fingerprint;
import org.confero.server.webrtc.dtls.PacketQueueTransport;
import org.confero.server.webrtc.ice.IceCandidate;
import org.confero.server.webrtc.ice.IceSessionAgent;
import org.confero.server.webrtc.srtp.PacketBuffer;
import org.confero.server.webrtc.srtp.PacketKind;
import org.confero.server.webrtc.srtp.SrtpProfile;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.ice4j.ice.IceProcessingState;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * Plays a browser on 127.0.0.1 with independent parts: its own ice4j agent (controlling) on its own port,
 * Bouncy Castle DTLS in the role its offer implies, and jitsi-srtp. Used by the loopback tests.
 */
final class LoopbackBrowser implements AutoCloseable {
    final DtlsCertificate certificate = DtlsCertificate.generate("browser");
    final List<byte[]> receivedRtp = new CopyOnWriteArrayList<>();
    private IceSessionAgent ice;
    private CountDownLatch iceDone = new CountDownLatch(1);
    private int port;
    private volatile DatagramSocket socket;
    private volatile InetSocketAddress remote;
    private PacketQueueTransport dtlsQueue;
    private DtlsEndpoint dtls;
    private volatile SrtpTransformer srtp;
    private volatile boolean closed;
    private Thread reader;

    private final SrtpProfile[] profiles;

    LoopbackBrowser(SrtpProfile... profiles) throws IOException {
        this.profiles = profiles.length == 0 ? SrtpProfile.values() : profiles;
        ice = newAgent(iceDone);
        port = ice.localPort();
    }

    private static IceSessionAgent newAgent(CountDownLatch done) throws IOException {
        return newAgent(done, 0);
    }

    private static IceSessionAgent newAgent(CountDownLatch done, int port) throws IOException {
        return new IceSessionAgent(new LoopbackHostHarvester(port), true, InetAddress::isLoopbackAddress, s -> {
            if (s == IceProcessingState.COMPLETED) {
                done.countDown();
            }
        });
    }

    /**
     * What a browser does when its network changes (RFC 8445 §9): a new agent with new credentials on a new port,
     * and a re-offer carrying them; the DTLS association and SRTP keys stay. Follow with {@link #reconnect}.
     */
    SessionDescription restartIce() throws IOException {
        return restartIce(false);
    }

    /**
     * Like {@link #restartIce()}, but when {@code samePort} the old agent is closed first and the new one binds its
     * port: the restart's checks come from the very address of the old pair.
     */
    SessionDescription restartIce(boolean samePort) throws IOException {
        if (pending != null) {
            pending.close(); // a restart of a restart
        }
        pendingDone = new CountDownLatch(1);
        if (samePort) {
            stopReader();
            ice.close();
        }
        pending = newAgent(pendingDone, samePort ? port : 0);
        IceSessionAgent old = ice;
        int oldPort = port;
        ice = pending;
        port = pending.localPort();
        SessionDescription offer = offer("actpass");
        ice = old;
        port = oldPort;
        return offer;
    }

    /** Applies the answer to {@link #restartIce}'s offer, runs ICE on the new agent and moves media to it. */
    void reconnect(String answerSdp) throws Exception {
        SessionDescription answer = ((SdpParser.SdpResult.Parsed) SdpParser.parse(answerSdp)).sdp();
        MediaDescription m = answer.media().get(0);
        pending.setRemoteCredentials(m.attribute("ice-ufrag").orElseThrow(), m.attribute("ice-pwd").orElseThrow());
        for (String c : m.attributes("candidate")) {
            pending.addRemoteCandidate(IceCandidate.parse("candidate:" + c).orElseThrow());
        }
        pending.start();
        if (!pendingDone.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ICE restart did not complete");
        }
        stopReader();
        IceSessionAgent old = ice;
        ice = pending;
        port = pending.localPort();
        socket = ice.socket();
        remote = ice.selectedRemote().orElseThrow();
        old.close(); // the old network is gone
        pending = null;
        closed = false;
        reader = new Thread(this::readLoop, "test-browser-rx");
        reader.setDaemon(true);
        reader.start();
    }

    /** The local port of the current agent (its host candidate). */
    int port() {
        return port;
    }

    private IceSessionAgent pending;
    private CountDownLatch pendingDone;

    /** A Chromium-shaped offer: audio (Opus + telephone-event) and VP8 video, BUNDLE, rtcp-mux. */
    SessionDescription offer(String setup) {
        return offer(setup, certificate.fingerprint());
    }

    /** An offer that announces {@code fingerprint}, which may not be our certificate's (an impostor). */
    SessionDescription offer(String setup, Fingerprint fingerprint) {
        String t = "a=ice-ufrag:" + ice.localUfrag() + "\r\n" + "a=ice-pwd:" + ice.localPassword() + "\r\n"
                + "a=fingerprint:" + fingerprint.attributeValue() + "\r\n" + "a=setup:" + setup + "\r\n";
        String sdp = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=group:BUNDLE 0 1\r\na=msid-semantic: WMS\r\n"
                + "m=audio " + port + " UDP/TLS/RTP/SAVPF 111 126\r\nc=IN IP4 127.0.0.1\r\n" + t
                + "a=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:126 telephone-event/8000\r\n"
                + "a=candidate:1 1 udp 2130706431 127.0.0.1 " + port + " typ host generation 0\r\n"
                + "m=video " + port + " UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 127.0.0.1\r\n" + t
                + "a=mid:1\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\n";
        return ((SdpParser.SdpResult.Parsed) SdpParser.parse(sdp)).sdp();
    }

    /** Applies the server's answer and connects: ICE, then DTLS in the role the answer's setup implies. */
    void connect(String answerSdp) throws Exception {
        org.confero.server.sdp.SdpAssertions.assertStrictlyValid(answerSdp);
        SessionDescription answer = ((SdpParser.SdpResult.Parsed) SdpParser.parse(answerSdp)).sdp();
        MediaDescription m = answer.media().get(0);
        ice.setRemoteCredentials(m.attribute("ice-ufrag").orElseThrow(), m.attribute("ice-pwd").orElseThrow());
        for (String c : m.attributes("candidate")) {
            ice.addRemoteCandidate(IceCandidate.parse("candidate:" + c).orElseThrow());
        }
        ice.start();
        if (!iceDone.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ICE did not complete");
        }
        socket = ice.socket();
        remote = ice.selectedRemote().orElseThrow();
        Fingerprint server = Fingerprint.parse(m.attribute("fingerprint").orElseThrow()).orElseThrow();
        DtlsEndpoint.Role role = m.attribute("setup").orElseThrow().equals("passive")
                ? DtlsEndpoint.Role.CLIENT : DtlsEndpoint.Role.SERVER;
        dtlsQueue = new PacketQueueTransport((b, o, l) -> socket.send(new DatagramPacket(b, o, l, remote)));
        dtls = new DtlsEndpoint(role, certificate, server, dtlsQueue, profiles);
        reader = new Thread(this::readLoop, "test-browser-rx");
        reader.setDaemon(true);
        reader.start();
        srtp = new SrtpTransformer(dtls.handshake());
    }

    SrtpProfile profile() {
        return srtp.profile();
    }

    /** Protects and sends one RTP packet; {@code tamper} flips a payload bit after protection. */
    void sendRtp(byte[] rtp, boolean tamper) throws IOException {
        PacketBuffer b = new PacketBuffer();
        b.load(rtp, 0, rtp.length);
        if (srtp.protectRtp(b) != SrtpErrorStatus.OK) {
            throw new IllegalStateException("protect failed");
        }
        if (tamper) {
            b.getBuffer()[b.getOffset() + 14] ^= 0x01;
        }
        socket.send(new DatagramPacket(b.getBuffer(), b.getOffset(), b.getLength(), remote));
    }

    /** Sends bytes as they are, unprotected: what a broken or hostile peer might do. */
    void sendRaw(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, 0, datagram.length, remote));
    }

    private void readLoop() {
        PacketBuffer rx = new PacketBuffer();
        DatagramPacket p = new DatagramPacket(new byte[1600], 1600);
        try {
            socket.setSoTimeout(200);
        } catch (IOException ignored) {
            // best effort
        }
        while (!closed) {
            p.setData(p.getData(), 0, 1600);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            PacketKind kind = PacketKind.of(p.getData(), p.getOffset(), p.getLength());
            if (kind == PacketKind.DTLS) {
                dtlsQueue.offer(p.getData(), p.getOffset(), p.getLength());
            } else if (kind == PacketKind.RTP && srtp != null) {
                rx.load(p.getData(), p.getOffset(), p.getLength());
                if (srtp.unprotectRtp(rx) == SrtpErrorStatus.OK) {
                    byte[] copy = new byte[rx.getLength()];
                    System.arraycopy(rx.getBuffer(), rx.getOffset(), copy, 0, copy.length);
                    receivedRtp.add(copy);
                }
            }
        }
    }

    /** Leaves like a closed tab: close_notify when {@code orderly}, otherwise silently. */
    void close(boolean orderly) {
        closed = true;
        if (dtls != null) {
            if (orderly) {
                dtls.close();
            } else {
                dtlsQueue.close();
            }
        }
        ice.close();
        if (pending != null) {
            pending.close();
        }
        stopReader();
        if (srtp != null) {
            srtp.close();
        }
    }

    private void stopReader() {
        closed = true;
        if (reader != null) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(true);
    }

    static byte[] rtp(int pt, int seq, long timestamp, int ssrc, int payloadLength) {
        byte[] p = new byte[12 + payloadLength];
        p[0] = (byte) 0x80;
        p[1] = (byte) pt;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[4] = (byte) (timestamp >>> 24);
        p[5] = (byte) (timestamp >>> 16);
        p[6] = (byte) (timestamp >>> 8);
        p[7] = (byte) timestamp;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (i * 7 + seq);
        }
        return p;
    }

    static List<byte[]> copies(List<byte[]> in) {
        return new ArrayList<>(in);
    }
}
