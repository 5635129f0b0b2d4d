package org.confero.server.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.confero.server.meeting.Role;
import org.confero.server.rooms.Room;

/**
 * Which role a keyed PIN gives a phone: the room's host PIN makes it a host, its participant PIN a participant,
 * anything else nothing. An attempt is complete at {@code #}, at the length of the longest PIN, or at the length of
 * a shorter PIN that it matches (unless the longer PIN starts with it: then the caller goes on or ends with
 * {@code #}). Comparisons are constant-time against both PINs; the PINs are never logged.
 */
final class PinRoles {
    private final byte[] participantPin;
    private final byte[] hostPin;

    PinRoles(Optional<String> participantPin, Optional<String> hostPin) {
        this.participantPin = participantPin.map(p -> p.getBytes(StandardCharsets.US_ASCII)).orElse(null);
        this.hostPin = hostPin.map(p -> p.getBytes(StandardCharsets.US_ASCII)).orElse(null);
        if (this.participantPin == null && this.hostPin == null) {
            throw new IllegalArgumentException("a room without PINs needs no PIN entry");
        }
    }

    static PinRoles of(Room room) {
        return new PinRoles(room.pin(), room.hostPin());
    }

    /** The role these digits give, or empty for a wrong PIN. A PIN used for both roles makes a host. */
    Optional<Role> roleFor(CharSequence typed) {
        byte[] digits = typed.toString().getBytes(StandardCharsets.US_ASCII);
        boolean host = hostPin != null && MessageDigest.isEqual(hostPin, digits);
        boolean participant = participantPin != null && MessageDigest.isEqual(participantPin, digits);
        if (host) {
            return Optional.of(Role.HOST);
        }
        return participant ? Optional.of(Role.PARTICIPANT) : Optional.empty();
    }

    /** True when these digits (without {@code #}) end an attempt by themselves. */
    boolean completeWithoutHash(CharSequence typed) {
        int length = typed.length();
        if (length >= longest()) {
            return true;
        }
        byte[] shorter = participantPin != null && participantPin.length == length ? participantPin
                : hostPin != null && hostPin.length == length ? hostPin : null;
        if (shorter == null) {
            return false;
        }
        byte[] digits = typed.toString().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(shorter, digits)) {
            return false;
        }
        byte[] longer = shorter == participantPin ? hostPin : participantPin;
        return longer == null || !startsWith(longer, digits);
    }

    int longest() {
        return Math.max(participantPin == null ? 0 : participantPin.length, hostPin == null ? 0 : hostPin.length);
    }

    private static boolean startsWith(byte[] pin, byte[] prefix) {
        if (prefix.length > pin.length) {
            return false;
        }
        return MessageDigest.isEqual(java.util.Arrays.copyOf(pin, prefix.length), prefix);
    }
}
