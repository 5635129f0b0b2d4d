package org.confero.server.rooms;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A room as the conference sees it: its id is the user part of its SIP URI and the last path segment of its link.
 * Built from the configuration file or from a {@link HostedRoom} at the moment someone arrives (the occurrence
 * of a weekly room is the one current at that moment).
 *
 * @param pin digits a participant must enter, or empty for an open room
 * @param requireEncryption SIP callers must bring SRTP (SDES over TLS); a plain offer gets 488
 * @param hostPin digits that make a phone a host, or empty
 * @param lobby participants wait until a host admits them
 * @param occurrence the current or next occurrence of the room's schedule, or empty for a room that is always open
 * @param locked the host locked the room (as stored); nobody new enters but hosts
 * @param ownerId the host account that owns a hosted room; empty for a configured room
 */
public record Room(String id, String displayName, Optional<String> pin, int maxParticipants,
        boolean requireEncryption, Optional<String> hostPin, boolean lobby, Optional<Occurrence> occurrence,
        boolean locked, OptionalLong ownerId) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern PIN = Pattern.compile("[0-9]{4,12}");

    /** One occurrence of a schedule, as instants; {@code end} is after {@code start}. */
    public record Occurrence(Instant start, Instant end) {
        public Occurrence {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("occurrence end must be after its start");
            }
        }
    }

    public Room {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(hostPin, "hostPin");
        Objects.requireNonNull(occurrence, "occurrence");
        Objects.requireNonNull(ownerId, "ownerId");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("room id must be 1-64 of a-z 0-9 . _ - : " + id);
        }
        pin.ifPresent(Room::checkPin);
        hostPin.ifPresent(Room::checkPin);
        if (maxParticipants < 1 || maxParticipants > 10_000) {
            throw new IllegalArgumentException("maxParticipants out of range: " + maxParticipants);
        }
    }

    public Room(String id, String displayName, Optional<String> pin, int maxParticipants,
            boolean requireEncryption) {
        this(id, displayName, pin, maxParticipants, requireEncryption, Optional.empty(), false, Optional.empty(),
                false, OptionalLong.empty());
    }

    public Room(String id, String displayName, Optional<String> pin, int maxParticipants) {
        this(id, displayName, pin, maxParticipants, false);
    }

    private static void checkPin(String p) {
        if (!PIN.matcher(p).matches()) {
            throw new IllegalArgumentException("room PIN must be 4-12 digits");
        }
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Whether a host account owns this room (configured rooms have no owner). */
    public boolean ownedBy(long hostId) {
        return ownerId.isPresent() && ownerId.getAsLong() == hostId;
    }

    @Override
    public String toString() {
        return "Room[" + id + ", pin=" + (pin.isPresent() ? "set" : "none") + ", max=" + maxParticipants
                + (requireEncryption ? ", encrypted" : "") + (hostPin.isPresent() ? ", hostPin=set" : "")
                + (lobby ? ", lobby" : "") + (locked ? ", locked" : "")
                + occurrence.map(o -> ", " + o.start() + ".." + o.end()).orElse("") + "]";
    }
}
