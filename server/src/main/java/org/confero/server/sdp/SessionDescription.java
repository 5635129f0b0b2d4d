package org.confero.server.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A whole SDP body (RFC 4566); immutable. Write it with {@link #toString()} or {@link #encode()}. */
public record SessionDescription(
        Origin origin,
        String sessionName,
        Optional<Connection> connection,
        List<String> bandwidths,
        String timing,
        List<Attribute> attributes,
        List<MediaDescription> media) {
    public SessionDescription {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(timing, "timing");
        bandwidths = List.copyOf(bandwidths);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    public Optional<String> attribute(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return Optional.of(a.value().orElse(""));
            }
        }
        return Optional.empty();
    }

    /** The connection a media section uses: its own c= line, else the session's (RFC 4566 §5.7). */
    public Optional<Connection> connectionFor(MediaDescription m) {
        return m.connection().isPresent() ? m.connection() : connection;
    }

    /** A media section's direction, falling back to the session-level attribute, then sendrecv. */
    public Direction directionOf(MediaDescription m) {
        return m.direction(Direction.from(attributes, Direction.SENDRECV));
    }

    /** The same description under a new o= version (RFC 8866 §5.2: a changed or re-sent offer bumps it). */
    public SessionDescription withVersion(long version) {
        Origin o = new Origin(origin.username(), origin.sessionId(), version, origin.addressType(), origin.address());
        return new SessionDescription(o, sessionName, connection, bandwidths, timing, attributes, media);
    }

    public String encode() {
        StringBuilder out = new StringBuilder(1024);
        out.append("v=0\r\n").append(origin.line()).append("\r\n");
        out.append("s=").append(sessionName.isEmpty() ? "-" : sessionName).append("\r\n");
        connection.ifPresent(c -> out.append(c.line()).append("\r\n"));
        for (String b : bandwidths) {
            out.append("b=").append(b).append("\r\n");
        }
        out.append("t=").append(timing).append("\r\n");
        for (Attribute a : attributes) {
            out.append(a.line()).append("\r\n");
        }
        for (MediaDescription m : media) {
            out.append(m.lines());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return encode();
    }
}
