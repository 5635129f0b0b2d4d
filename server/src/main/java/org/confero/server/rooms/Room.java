package org.confero.server.rooms;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A room as configured: its id is the user part of its SIP URI and the last path segment of its link.
 *
 * @param pin digits a participant must enter, or empty for an open room
 * @param requireEncryption SIP callers must bring SRTP (SDES over TLS); a plain offer gets 488
 */
public record Room(String id, String displayName, Optional<String> pin, int maxParticipants,
        boolean requireEncryption) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern PIN = Pattern.compile("[0-9]{4,12}");

    public Room {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(pin, "pin");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("room id must be 1-64 of a-z 0-9 . _ - : " + id);
        }
        pin.ifPresent(p -> {
            if (!PIN.matcher(p).matches()) {
                throw new IllegalArgumentException("room PIN must be 4-12 digits");
            }
        });
        if (maxParticipants < 1 || maxParticipants > 10_000) {
            throw new IllegalArgumentException("maxParticipants out of range: " + maxParticipants);
        }
    }

    public Room(String id, String displayName, Optional<String> pin, int maxParticipants) {
        this(id, displayName, pin, maxParticipants, false);
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    @Override
    public String toString() {
        return "Room[" + id + ", pin=" + (pin.isPresent() ? "set" : "none") + ", max=" + maxParticipants
                + (requireEncryption ? ", encrypted" : "") + "]";
    }
}
