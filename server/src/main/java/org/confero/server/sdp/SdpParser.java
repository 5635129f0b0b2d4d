package org.confero.server.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses SDP (RFC 4566) from untrusted peers. It never throws: a body that is too large, has too many
 * sections, or breaks the grammar yields {@link SdpResult.Invalid} with a reason fit for a Warning header or an
 * error message. Lines it does not model (i=, u=, e=, p=, r=, z=, k=) are skipped.
 */
public final class SdpParser {
    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_MEDIA = 16;
    public static final int MAX_ATTRIBUTES = 512;
    private static final int MAX_FORMATS = 64;

    private SdpParser() {}

    /** Outcome of a parse. */
    public sealed interface SdpResult permits SdpResult.Parsed, SdpResult.Invalid {
        record Parsed(SessionDescription sdp) implements SdpResult {}

        record Invalid(String reason) implements SdpResult {}
    }

    public static SdpResult parse(String text) {
        if (text == null || text.isBlank()) {
            return new SdpResult.Invalid("empty SDP");
        }
        if (text.length() > MAX_BYTES) {
            return new SdpResult.Invalid("SDP larger than " + MAX_BYTES + " bytes");
        }
        try {
            return new Builder().parse(text);
        } catch (IllegalArgumentException e) {
            return new SdpResult.Invalid(e.getMessage());
        }
    }

    /** Parses an rtpmap value ({@code 111 opus/48000/2}); empty when malformed. */
    public static Optional<RtpMap> parseRtpMap(String value) {
        int space = value.indexOf(' ');
        if (space <= 0) {
            return Optional.empty();
        }
        String[] enc = value.substring(space + 1).trim().split("/");
        if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            int pt = Integer.parseInt(value.substring(0, space));
            int clock = Integer.parseInt(enc[1]);
            int channels = enc.length == 3 ? Integer.parseInt(enc[2]) : 1;
            if (pt < 0 || pt > 127 || clock <= 0 || channels <= 0 || channels > 8) {
                return Optional.empty();
            }
            return Optional.of(new RtpMap(pt, enc[0], clock, channels));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static final class Builder {
        private Origin origin;
        private String sessionName;
        private Optional<Connection> connection = Optional.empty();
        private final List<String> bandwidths = new ArrayList<>();
        private String timing;
        private final List<Attribute> attributes = new ArrayList<>();
        private final List<MediaDescription> media = new ArrayList<>();
        private MediaBuilder current;
        private int attributeCount;

        SdpResult parse(String text) {
            String[] lines = text.split("\r?\n", -1);
            boolean sawVersion = false;
            for (String raw : lines) {
                String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
                if (line.isEmpty()) {
                    continue;
                }
                if (line.length() < 2 || line.charAt(1) != '=') {
                    return new SdpResult.Invalid("malformed SDP line: " + abbreviate(line));
                }
                char type = line.charAt(0);
                String value = line.substring(2);
                if (!sawVersion) {
                    if (type != 'v' || !value.equals("0")) {
                        return new SdpResult.Invalid("SDP must start with v=0");
                    }
                    sawVersion = true;
                    continue;
                }
                switch (type) {
                    case 'o' -> origin = parseOrigin(value);
                    case 's' -> sessionName = value;
                    case 'c' -> {
                        Connection c = parseConnection(value);
                        if (current != null) {
                            current.connection = Optional.of(c);
                        } else {
                            connection = Optional.of(c);
                        }
                    }
                    case 'b' -> (current != null ? current.bandwidths : bandwidths).add(value);
                    case 't' -> {
                        if (timing == null) {
                            timing = value;
                        }
                    }
                    case 'a' -> {
                        if (++attributeCount > MAX_ATTRIBUTES) {
                            return new SdpResult.Invalid("too many attributes");
                        }
                        (current != null ? current.attributes : attributes).add(parseAttribute(value));
                    }
                    case 'm' -> {
                        if (current != null) {
                            media.add(current.build());
                        }
                        if (media.size() >= MAX_MEDIA) {
                            return new SdpResult.Invalid("more than " + MAX_MEDIA + " media sections");
                        }
                        current = parseMediaLine(value);
                    }
                    case 'v' -> {
                        return new SdpResult.Invalid("repeated v= line");
                    }
                    case 'i', 'u', 'e', 'p', 'r', 'z', 'k' -> {
                        // informational or obsolete lines we neither need nor echo
                    }
                    default -> {
                        return new SdpResult.Invalid("unknown SDP line type '" + type + "'");
                    }
                }
            }
            if (current != null) {
                media.add(current.build());
            }
            if (!sawVersion) {
                return new SdpResult.Invalid("SDP must start with v=0");
            }
            if (origin == null) {
                return new SdpResult.Invalid("SDP has no o= line");
            }
            return new SdpResult.Parsed(new SessionDescription(origin, sessionName == null ? "-" : sessionName,
                    connection, bandwidths, timing == null ? "0 0" : timing, attributes, media));
        }

        private static Origin parseOrigin(String value) {
            String[] f = value.trim().split(" +");
            if (f.length != 6 || !f[3].equals("IN")) {
                throw new IllegalArgumentException("malformed o= line");
            }
            long version;
            try {
                version = Long.parseUnsignedLong(f[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed o= session version");
            }
            return new Origin(f[0], f[1], version, f[4], f[5]);
        }

        private static Connection parseConnection(String value) {
            String[] f = value.trim().split(" +");
            if (f.length != 3 || !f[0].equals("IN")) {
                throw new IllegalArgumentException("malformed c= line");
            }
            String address = f[2];
            int slash = address.indexOf('/');
            if (slash >= 0) {
                address = address.substring(0, slash);
            }
            if (address.isEmpty()) {
                throw new IllegalArgumentException("malformed c= address");
            }
            return new Connection(f[1], address);
        }

        private static Attribute parseAttribute(String value) {
            int colon = value.indexOf(':');
            if (colon < 0) {
                return Attribute.flag(value.trim());
            }
            String name = value.substring(0, colon).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("attribute without a name");
            }
            return Attribute.of(name, value.substring(colon + 1));
        }

        private static MediaBuilder parseMediaLine(String value) {
            String[] f = value.trim().split(" +");
            if (f.length < 4) {
                throw new IllegalArgumentException("malformed m= line");
            }
            if (f.length - 3 > MAX_FORMATS) {
                throw new IllegalArgumentException("too many formats on an m= line");
            }
            String portField = f[1];
            int slash = portField.indexOf('/');
            if (slash >= 0) {
                portField = portField.substring(0, slash);
            }
            int port;
            try {
                port = Integer.parseInt(portField);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed m= port");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("m= port out of range");
            }
            MediaBuilder m = new MediaBuilder();
            m.media = f[0];
            m.port = port;
            m.protocol = f[2];
            m.formats = List.of(f).subList(3, f.length);
            return m;
        }

        private static String abbreviate(String line) {
            return line.length() <= 40 ? line : line.substring(0, 40) + "…";
        }
    }

    private static final class MediaBuilder {
        String media;
        int port;
        String protocol;
        List<String> formats;
        Optional<Connection> connection = Optional.empty();
        final List<String> bandwidths = new ArrayList<>();
        final List<Attribute> attributes = new ArrayList<>();

        MediaDescription build() {
            return new MediaDescription(media, port, protocol, formats, connection, bandwidths, attributes);
        }
    }
}
