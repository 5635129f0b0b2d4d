package org.confero.server.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** JAIN-SIP refuses port 0, so tests find a port free for both UDP and TCP first. */
final class FreePorts {
    private FreePorts() {}

    static int udpAndTcp() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = tcp.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
                return udp.getLocalPort();
            } catch (IOException busy) {
                // taken for UDP: try another
            }
        }
        throw new IOException("no free port");
    }

    /** The start of an even range of {@code size} ports, chosen at random to keep parallel runs apart. */
    static int rtpRangeStart(int size) {
        return 20_000 + 2 * ThreadLocalRandom.current().nextInt((40_000 - size) / 2);
    }
}
