package org.confero.server.rooms;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A room a host created and the database keeps. The schedule is local date-times in the room's time zone, as the
 * host meant them; a weekly room repeats its first occurrence every week until {@code repeatUntil} (or forever).
 * Every check throws {@link IllegalArgumentException} whose message starts with the JSON field's name.
 */
public record HostedRoom(
        String slug,
        String title,
        long ownerId,
        Optional<LocalDateTime> startsAt,
        Optional<LocalDateTime> endsAt,
        ZoneId timeZone,
        boolean weekly,
        Optional<LocalDate> repeatUntil,
        Optional<String> participantPin,
        Optional<String> hostPin,
        boolean lobby,
        int maxParticipants,
        String defaultLayout,
        boolean recordingAllowed,
        boolean locked,
        long createdAt,
        long updatedAt) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_PARTICIPANTS = 1000;
    public static final Set<String> LAYOUTS = Set.of("grid", "speaker", "presenter");
    private static final Pattern PIN = Pattern.compile("[0-9]{4,10}");

    public HostedRoom {
        String slugProblem = Slug.problem(slug);
        if (slugProblem != null) {
            throw new IllegalArgumentException("slug " + slugProblem);
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title is required");
        }
        if (title.length() > MAX_TITLE || title.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("title must be at most " + MAX_TITLE + " characters without control characters");
        }
        Objects.requireNonNull(startsAt, "start");
        Objects.requireNonNull(endsAt, "end");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(repeatUntil, "repeatUntil");
        Objects.requireNonNull(participantPin, "pin");
        Objects.requireNonNull(hostPin, "hostPin");
        if (startsAt.isPresent() != endsAt.isPresent()) {
            throw new IllegalArgumentException((startsAt.isPresent() ? "end" : "start")
                    + " is required when the other end of the schedule is set");
        }
        if (startsAt.isPresent() && !endsAt.get().isAfter(startsAt.get())) {
            throw new IllegalArgumentException("end must be after start");
        }
        if (startsAt.isPresent() && endsAt.get().isAfter(startsAt.get().plusDays(1))) {
            throw new IllegalArgumentException("end must be within 24 hours of start");
        }
        if (weekly && startsAt.isEmpty()) {
            throw new IllegalArgumentException("weekly needs a start and an end");
        }
        if (repeatUntil.isPresent() && (!weekly || repeatUntil.get().isBefore(startsAt.get().toLocalDate()))) {
            throw new IllegalArgumentException("repeatUntil must be a date on or after start of a weekly room");
        }
        participantPin.ifPresent(p -> checkPin("pin", p));
        hostPin.ifPresent(p -> checkPin("hostPin", p));
        if (hostPin.isPresent() && hostPin.equals(participantPin)) {
            throw new IllegalArgumentException("hostPin must differ from pin");
        }
        if (maxParticipants < 2 || maxParticipants > MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("maxParticipants must be 2-" + MAX_PARTICIPANTS);
        }
        if (!LAYOUTS.contains(defaultLayout)) {
            throw new IllegalArgumentException("layout must be one of grid, speaker, presenter");
        }
    }

    private static void checkPin(String field, String pin) {
        if (!PIN.matcher(pin).matches()) {
            throw new IllegalArgumentException(field + " must be 4-10 digits");
        }
    }

    /** The room as the conference sees it now, with no grace around its occurrences. */
    public Room asRoom() {
        return asRoom(Instant.now(), Duration.ZERO);
    }

    /** The room as the conference sees it at {@code now}: its occurrence is the one a join then belongs to. */
    public Room asRoom(Instant now, Duration grace) {
        return new Room(slug, title, participantPin, maxParticipants, false, hostPin, lobby,
                MeetingWindow.occurrence(this, now, grace), locked, OptionalLong.of(ownerId));
    }

    @Override
    public String toString() {
        return "HostedRoom[" + slug + ", owner=" + ownerId + ", pin=" + (participantPin.isPresent() ? "set" : "none")
                + ", hostPin=" + (hostPin.isPresent() ? "set" : "none") + "]";
    }
}
