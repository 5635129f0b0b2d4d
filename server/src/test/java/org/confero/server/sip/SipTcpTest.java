package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The same port answers over TCP (RFC 3261 §18: UDP and TCP are both mandatory). */
class SipTcpTest {
    @Test
    void optionsOverTcpIsAnswered() throws Exception {
        try (SipTestServer sip = new SipTestServer(); Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", sip.port), 2000);
            socket.setSoTimeout(3000);
            String request = "OPTIONS sip:127.0.0.1:" + sip.port + ";transport=tcp SIP/2.0\r\n"
                    + "Via: SIP/2.0/TCP 127.0.0.1:" + socket.getLocalPort() + ";branch=" + RawSipClient.branch() + "\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:t@127.0.0.1>;tag=tcp\r\nTo: <sip:127.0.0.1>\r\n"
                    + "Call-ID: tcp-options\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("SIP/2.0 200 OK");
            assertThat(SipText.parse(head + "\r\n\r\n").header("allow")).contains("INVITE");
        }
    }

    /** Reads up to the blank line that ends the header section (bounded in size). */
    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 8192; i++) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
            String s = out.toString(StandardCharsets.UTF_8);
            if (s.endsWith("\r\n\r\n")) {
                return s.substring(0, s.length() - 4);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
