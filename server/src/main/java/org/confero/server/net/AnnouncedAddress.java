package org.confero.server.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/**
 * Which address Confero writes into ICE candidates and SDP {@code c=} lines, so that peers can reach it. A
 * wildcard (0.0.0.0) is never announced, and a loopback address only when Confero binds to loopback.
 *
 * <p>The kernel's own route lookup answers "which local address reaches X": a UDP socket connected to X (connect
 * on UDP sends nothing) has that address as its local address.
 */
public final class AnnouncedAddress {
    /** TEST-NET-2 (RFC 5737): never routed anywhere, so the lookup follows the default route. */
    private static final InetSocketAddress DEFAULT_ROUTE_PROBE = new InetSocketAddress("198.51.100.1", 9);

    private AnnouncedAddress() {}

    public static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * The address announced for a listener bound to {@code bind}: {@code configured} when set, the bind address
     * when it is a specific one, else the address of the default route's interface.
     *
     * @throws IllegalStateException when the bind is a wildcard and no non-loopback interface exists
     */
    public static String choose(Optional<String> configured, String bind) {
        if (configured.isPresent()) {
            return configured.get();
        }
        if (!isWildcard(bind)) {
            return bind;
        }
        return defaultRouteAddress().orElseThrow(() -> new IllegalStateException(
                "bound to " + bind + " but no network interface other than loopback is up: set the public address"));
    }

    /** The local address of the interface the default route leaves by, else of the first interface that is up. */
    public static Optional<String> defaultRouteAddress() {
        Optional<String> routed = localAddressTowards(DEFAULT_ROUTE_PROBE.getAddress());
        if (routed.isPresent()) {
            return routed;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        return Optional.of(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    /**
     * The local address the kernel would send from to reach {@code remote}; empty when there is no route or
     * the answer is a wildcard. Sends nothing.
     */
    public static Optional<String> localAddressTowards(InetAddress remote) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(remote, 9));
            InetAddress local = probe.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                return Optional.empty();
            }
            if (local.isLoopbackAddress() && !remote.isLoopbackAddress()) {
                return Optional.empty();
            }
            return Optional.of(local.getHostAddress());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
