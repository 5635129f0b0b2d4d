package org.confero.server.sdp;

import java.util.List;
import java.util.Optional;

/** Media direction attributes (RFC 3264 §5.1, §6.1). */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    public String attributeName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** RFC 3264 §6.1: the direction an answerer that wants to send and receive must answer with. */
    public Direction answer() {
        return switch (this) {
            case SENDRECV -> SENDRECV;
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            case INACTIVE -> INACTIVE;
        };
    }

    /** The direction named among these attributes, or sendrecv when none is (RFC 3264 §5.1 default). */
    public static Direction from(List<Attribute> attributes, Direction fallback) {
        for (Attribute a : attributes) {
            Optional<Direction> d = parse(a.name());
            if (d.isPresent()) {
                return d.get();
            }
        }
        return fallback;
    }

    public static Optional<Direction> parse(String attributeName) {
        for (Direction d : values()) {
            if (d.attributeName().equals(attributeName)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
