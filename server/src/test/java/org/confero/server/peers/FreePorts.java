package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks loopback ports that are free for both UDP and TCP right now (SIP listens on both, and JAIN-SIP refuses
 * port 0). Another process may still take the port before the peer binds it; peers that fail to bind are
 * retried by their starters.
 */
public final class FreePorts {
    private static final int ATTEMPTS = 50;
    private static final int LOWEST = 20_000;
    /**
     * Ports picked for peers stay below the kernel's ephemeral range: any process's outgoing connection or socket
     * bound to port 0 may take an ephemeral port between our probe and the peer's bind (ffmpeg then exits with
     * "bind failed").
     */
    private static final int HIGHEST = belowEphemeralRange();

    private FreePorts() {
    }

    public static int udpAndTcp() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(loopback, 0));
                port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                    return port;
                } catch (IOException udpTaken) {
                    // the TCP port's UDP twin is in use: try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no loopback port free for both UDP and TCP after " + ATTEMPTS + " tries");
    }

    public static int tcp() {
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return tcp.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * An even UDP port whose odd neighbour is free too, for RTP and its RTCP (ffmpeg binds both, port and port+1).
     * Picked at random between 20000 and the ephemeral range and probed by binding both.
     */
    public static int udpPair() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = LOWEST + 2 * ThreadLocalRandom.current().nextInt((HIGHEST - LOWEST) / 2 - 1);
            try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(loopback, port));
                 DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(loopback, port + 1))) {
                return port;
            } catch (IOException taken) {
                // one of the two is in use: try another pair
            }
        }
        throw new IllegalStateException("no free loopback UDP port pair after " + ATTEMPTS + " tries");
    }

    /** The start of an even range of {@code size} ports, chosen at random to keep parallel runs apart. */
    public static int rtpRangeStart(int size) {
        return LOWEST + 2 * ThreadLocalRandom.current().nextInt(Math.max(1, (HIGHEST - LOWEST - size) / 2));
    }

    private static int belowEphemeralRange() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            int low = Integer.parseInt(range[0]);
            return low >= LOWEST + 8_000 ? low : 60_000; // an unusual range: the old choice, with its race
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
