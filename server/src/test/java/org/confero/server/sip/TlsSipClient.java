package org.confero.server.sip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A bare SIP over TLS peer on 127.0.0.1 (RFC 3261 §26, stream framing by Content-Length, §18.3). It does not
 * check the server's certificate: the tests look at what the server negotiates, not at its identity.
 */
final class TlsSipClient implements AutoCloseable {
    private final SSLSocket socket;
    private final InputStream in;

    /**
     * @param protocols enabled protocols, e.g. {"TLSv1.3", "TLSv1.2"}; null keeps the JDK's
     * @param suites enabled cipher suites; null keeps the JDK's
     */
    TlsSipClient(int serverPort, String[] protocols, String[] suites) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyCertificate()}, null);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", serverPort), 3000);
        socket.setSoTimeout(5000);
        if (protocols != null) {
            socket.setEnabledProtocols(protocols);
        }
        if (suites != null) {
            socket.setEnabledCipherSuites(suites);
        }
        socket.startHandshake();
        in = socket.getInputStream();
    }

    TlsSipClient(int serverPort) throws IOException {
        this(serverPort, null, null);
    }

    int port() {
        return socket.getLocalPort();
    }

    String protocol() {
        return socket.getSession().getProtocol();
    }

    String cipherSuite() {
        return socket.getSession().getCipherSuite();
    }

    void send(String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** The next message on the stream. */
    SipText receive(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 16_384) {
                throw new IOException("header too long");
            }
        }
        String headers = head.toString(StandardCharsets.UTF_8);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:") || lower.startsWith("l:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return SipText.parse(headers + new String(body, StandardCharsets.UTF_8));
    }

    /** The first final response (provisional ones skipped). */
    SipText finalResponse(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            SipText m = receive(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (m.isResponse() && m.status() >= 200) {
                return m;
            }
        }
        throw new AssertionError("no final response within " + timeout);
    }

    /** An INVITE over this connection (Via and Contact say TLS, RFC 3261 §18.2.1). */
    String invite(String requestUri, String callId, String sdp) {
        String fromTag = "ft" + callId.hashCode();
        return "INVITE " + requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:" + port() + ";branch=" + RawSipClient.branch() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:tester@127.0.0.1>;tag=" + fromTag + "\r\n"
                + "To: <" + requestUri + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:tester@127.0.0.1:" + port() + ";transport=tls>\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + sdp;
    }

    /** The ACK for a 2xx to {@link #invite}: a new transaction, sent to the Contact we were given (RFC 3261 §13.2.2.4). */
    String ack(String requestUri, String callId, SipText ok) {
        return "ACK " + requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:" + port() + ";branch=" + RawSipClient.branch() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + ok.header("from") + "\r\n"
                + "To: " + ok.header("to") + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 ACK\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
