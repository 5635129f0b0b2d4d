package org.confero.server.webrtc.ice;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One ICE candidate as SDP writes it (RFC 8839 §5.1):
 * {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> [raddr <a> rport <p>] ...}.
 * Only what we need to drive ice4j is kept; extension attributes are ignored.
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
                           int port, String type, Optional<String> relatedAddress, int relatedPort) {
    private static final int MAX_LENGTH = 512;

    public IceCandidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(relatedAddress, "relatedAddress");
        transport = transport.toLowerCase(Locale.ROOT);
        type = type.toLowerCase(Locale.ROOT);
        if (port < 0 || port > 65_535 || relatedPort < 0 || relatedPort > 65_535) {
            throw new IllegalArgumentException("port out of range");
        }
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("component out of range");
        }
    }

    /** Parses {@code candidate:...} or {@code a=candidate:...}; empty when it is not a well-formed candidate. */
    public static Optional<IceCandidate> parse(String line) {
        if (line == null || line.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String s = line.trim();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (!s.startsWith("candidate:")) {
            return Optional.empty();
        }
        String[] f = s.substring("candidate:".length()).trim().split(" +");
        if (f.length < 8 || !f[6].equals("typ")) {
            return Optional.empty();
        }
        try {
            String relAddr = null;
            int relPort = 0;
            for (int i = 8; i + 1 < f.length; i += 2) {
                if (f[i].equals("raddr")) {
                    relAddr = f[i + 1];
                } else if (f[i].equals("rport")) {
                    relPort = Integer.parseInt(f[i + 1]);
                }
            }
            return Optional.of(new IceCandidate(f[0], Integer.parseInt(f[1]), f[2], Long.parseLong(f[3]), f[4],
                    Integer.parseInt(f[5]), f[7], Optional.ofNullable(relAddr), relPort));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** RFC 8445 §5.1.2.1 with type preference 126 (host) and local preference 65535. */
    public static IceCandidate host(String address, int port) {
        long priority = (126L << 24) + (65_535L << 8) + (256 - 1);
        return new IceCandidate("1", 1, "udp", priority, address, port, "host", Optional.empty(), 0);
    }

    /** The attribute value, without {@code a=}: {@code candidate:1 1 udp 2130706431 ...}. */
    public String attributeValue() {
        StringBuilder b = new StringBuilder(96).append("candidate:").append(foundation).append(' ').append(component)
                .append(' ').append(transport).append(' ').append(priority).append(' ').append(address).append(' ')
                .append(port).append(" typ ").append(type);
        relatedAddress.ifPresent(a -> b.append(" raddr ").append(a).append(" rport ").append(relatedPort));
        return b.append(" generation 0").toString();
    }

    /** The candidate value without the {@code a=} prefix, the way browsers' RTCIceCandidate.candidate holds it. */
    @Override
    public String toString() {
        return attributeValue();
    }
}
