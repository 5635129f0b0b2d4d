package org.confero.server.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** A bare UDP SIP peer on 127.0.0.1 that sends hand-written messages and reads what comes back. */
final class RawSipClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final int serverPort;
    private final InetAddress loopback = InetAddress.getLoopbackAddress();

    RawSipClient(int serverPort) throws IOException {
        this(serverPort, "127.0.0.1");
    }

    /** A client on another loopback address (127.0.0.2 is local too on Linux): "another source" to the server. */
    RawSipClient(int serverPort, String localAddress) throws IOException {
        this.serverPort = serverPort;
        this.socket = new DatagramSocket(new InetSocketAddress(localAddress, 0));
    }

    String localAddress() {
        return socket.getLocalAddress().getHostAddress();
    }

    int port() {
        return socket.getLocalPort();
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, loopback, serverPort));
    }

    void send(String message) throws IOException {
        sendRaw(message.getBytes(StandardCharsets.UTF_8));
    }

    Optional<SipText> receive(Duration timeout) throws IOException {
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        SipText message = SipText.parse(new String(buf, 0, p.getLength(), StandardCharsets.UTF_8));
        // every SDP the server sends (answers in 200s, offers in 200s and re-INVITEs) must pass the strict checks
        String type = message.header("content-type");
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/sdp")) {
            org.confero.server.sdp.SdpAssertions.assertStrictlyValid(message.body());
        }
        return Optional.of(message);
    }

    /** The first final response (provisional ones are skipped), or the given status, within the timeout. */
    SipText response(int wanted, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SipText> m = receive(Duration.ofNanos(deadline - System.nanoTime()));
            if (m.isEmpty()) {
                break;
            }
            SipText r = m.get();
            if (r.isResponse() && (r.status() == wanted || r.status() >= 200)) {
                return r;
            }
        }
        throw new AssertionError("no " + wanted + " response within " + timeout);
    }

    /** Waits for a request of this method (responses in between are skipped). */
    Optional<SipText> request(String method, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SipText> m = receive(Duration.ofNanos(deadline - System.nanoTime()));
            if (m.isEmpty()) {
                return Optional.empty();
            }
            if (!m.get().isResponse() && method.equals(m.get().method())) {
                return m;
            }
        }
        return Optional.empty();
    }

    /** A 200 OK to a request the server sent us (its BYE), echoing the dialog headers. */
    void answerOk(SipText request) throws IOException {
        answerOk(request, null);
    }

    /** A 200 OK, with an SDP answer when {@code sdp} is not null (for the server's re-INVITE). */
    void answerOk(SipText request, String sdp) throws IOException {
        StringBuilder sb = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String via : request.all("via")) {
            sb.append("Via: ").append(via).append("\r\n");
        }
        sb.append("From: ").append(request.header("from")).append("\r\n");
        sb.append("To: ").append(request.header("to")).append("\r\n");
        sb.append("Call-ID: ").append(request.header("call-id")).append("\r\n");
        sb.append("CSeq: ").append(request.header("cseq")).append("\r\n");
        sb.append("Contact: <sip:tester@127.0.0.1:").append(port()).append(">\r\n");
        if (sdp == null) {
            sb.append("Content-Length: 0\r\n\r\n");
        } else {
            sb.append("Content-Type: application/sdp\r\n");
            sb.append("Content-Length: ").append(sdp.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .append("\r\n\r\n").append(sdp);
        }
        send(sb.toString());
    }

    static String branch() {
        return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    @Override
    public void close() {
        socket.close();
    }
}
