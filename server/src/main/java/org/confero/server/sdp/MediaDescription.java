package org.confero.server.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code m=} section with its lines (RFC 4566 §5.14). Formats are kept as strings because non-RTP protocols
 * use names; {@link #payloadTypes()} gives the numeric ones.
 *
 * @param port 0 means the stream is rejected or disabled (RFC 3264 §6)
 * @param bandwidths {@code b=} lines' values, kept as written
 */
public record MediaDescription(
        String media,
        int port,
        String protocol,
        List<String> formats,
        Optional<Connection> connection,
        List<String> bandwidths,
        List<Attribute> attributes) {
    public MediaDescription {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(connection, "connection");
        formats = List.copyOf(formats);
        bandwidths = List.copyOf(bandwidths);
        attributes = List.copyOf(attributes);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public Optional<String> attribute(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return Optional.of(a.value().orElse(""));
            }
        }
        return Optional.empty();
    }

    public List<String> attributes(String name) {
        List<String> values = new ArrayList<>();
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                values.add(a.value().orElse(""));
            }
        }
        return values;
    }

    public boolean hasAttribute(String name) {
        return attribute(name).isPresent();
    }

    /** Numeric formats in preference order; non-numeric ones are skipped. */
    public List<Integer> payloadTypes() {
        List<Integer> types = new ArrayList<>(formats.size());
        for (String f : formats) {
            try {
                int pt = Integer.parseInt(f);
                if (pt >= 0 && pt <= 127) {
                    types.add(pt);
                }
            } catch (NumberFormatException ignored) {
                // not an RTP payload type (e.g. "webrtc-datachannel")
            }
        }
        return types;
    }

    /** The rtpmap for a payload type; static types without one get RFC 3551's defaults where we know them. */
    public Optional<RtpMap> rtpMap(int payloadType) {
        for (String value : attributes("rtpmap")) {
            Optional<RtpMap> parsed = SdpParser.parseRtpMap(value);
            if (parsed.isPresent() && parsed.get().payloadType() == payloadType) {
                return parsed;
            }
        }
        return switch (payloadType) {
            case 0 -> Optional.of(new RtpMap(0, "PCMU", 8000, 1));
            case 8 -> Optional.of(new RtpMap(8, "PCMA", 8000, 1));
            case 9 -> Optional.of(new RtpMap(9, "G722", 8000, 1));
            default -> Optional.empty();
        };
    }

    /** The {@code a=fmtp} parameters of a payload type, without the leading number. */
    public Optional<String> fmtp(int payloadType) {
        String prefix = payloadType + " ";
        for (String value : attributes("fmtp")) {
            if (value.startsWith(prefix)) {
                return Optional.of(value.substring(prefix.length()).trim());
            }
        }
        return Optional.empty();
    }

    public Direction direction(Direction sessionDefault) {
        return Direction.from(attributes, sessionDefault);
    }

    String lines() {
        StringBuilder out = new StringBuilder(256);
        out.append("m=").append(media).append(' ').append(port).append(' ').append(protocol);
        for (String f : formats) {
            out.append(' ').append(f);
        }
        out.append("\r\n");
        connection.ifPresent(c -> out.append(c.line()).append("\r\n"));
        for (String b : bandwidths) {
            out.append("b=").append(b).append("\r\n");
        }
        for (Attribute a : attributes) {
            out.append(a.line()).append("\r\n");
        }
        return out.toString();
    }
}
