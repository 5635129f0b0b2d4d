package org.confero.server.rooms;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * When a hosted room lets people in, from its schedule: from {@code grace} before an occurrence's start until
 * {@code grace} after its end. A weekly room's occurrences keep their local time across daylight-saving changes
 * (09:00 in Berlin stays 09:00) and stop after {@code repeatUntil}. A room without a schedule is always open.
 * {@link #occurrence} gives the joining rules ({@code meeting.Meeting}) the occurrence that matters at an instant.
 */
public final class MeetingWindow {
    /** The room's state at an instant; {@code opensAt} is the next opening when {@link State#NOT_YET}. */
    public record Decision(State state, Instant opensAt) {}

    public enum State { OPEN, NOT_YET, OVER }

    private MeetingWindow() {}

    public static Decision at(HostedRoom room, Instant now, Duration grace) {
        if (room.startsAt().isEmpty()) {
            return new Decision(State.OPEN, null);
        }
        LocalDateTime start = room.startsAt().get();
        Duration length = Duration.between(start, room.endsAt().get());
        if (!room.weekly()) {
            return decide(start, length, room, now, grace);
        }
        // The first occurrence that has not finished yet: skip whole weeks arithmetically, then step.
        long days = ChronoUnit.DAYS.between(start.atZone(room.timeZone()).toInstant(), now);
        long weeks = Math.max(0, days / 7 - 1);
        for (long k = weeks; k < weeks + 3; k++) {
            LocalDateTime occurrence = start.plusWeeks(k);
            if (room.repeatUntil().isPresent() && occurrence.toLocalDate().isAfter(room.repeatUntil().get())) {
                return new Decision(State.OVER, null);
            }
            Decision d = decide(occurrence, length, room, now, grace);
            if (d.state() != State.OVER) {
                return d;
            }
        }
        return new Decision(State.OVER, null);
    }

    /**
     * The occurrence a join at {@code now} belongs to: the first one that is not over (end plus {@code grace} after
     * {@code now}), or the last one when the whole schedule is over; empty for a room without a schedule.
     */
    public static Optional<Room.Occurrence> occurrence(HostedRoom room, Instant now, Duration grace) {
        if (room.startsAt().isEmpty()) {
            return Optional.empty();
        }
        LocalDateTime start = room.startsAt().get();
        Duration length = Duration.between(start, room.endsAt().get());
        if (!room.weekly()) {
            return Optional.of(at(start, length, room));
        }
        long days = ChronoUnit.DAYS.between(start.atZone(room.timeZone()).toInstant(), now);
        long weeks = Math.max(0, days / 7 - 1);
        Room.Occurrence last = at(start.plusWeeks(weeks), length, room);
        for (long k = weeks; k < weeks + 3; k++) {
            LocalDateTime occurrence = start.plusWeeks(k);
            if (room.repeatUntil().isPresent() && occurrence.toLocalDate().isAfter(room.repeatUntil().get())) {
                return Optional.of(k == weeks ? lastBefore(room, length) : last);
            }
            last = at(occurrence, length, room);
            if (now.isBefore(last.end().plus(grace))) {
                return Optional.of(last);
            }
        }
        return Optional.of(last);
    }

    private static Room.Occurrence lastBefore(HostedRoom room, Duration length) {
        LocalDateTime start = room.startsAt().get();
        long weeks = ChronoUnit.WEEKS.between(start.toLocalDate(), room.repeatUntil().get());
        return at(start.plusWeeks(Math.max(0, weeks)), length, room);
    }

    private static Room.Occurrence at(LocalDateTime start, Duration length, HostedRoom room) {
        ZonedDateTime begins = start.atZone(room.timeZone());
        return new Room.Occurrence(begins.toInstant(), begins.plus(length).toInstant());
    }

    private static Decision decide(LocalDateTime start, Duration length, HostedRoom room, Instant now, Duration grace) {
        ZonedDateTime begins = start.atZone(room.timeZone());
        Instant opens = begins.toInstant().minus(grace);
        Instant closes = begins.plus(length).toInstant().plus(grace);
        if (now.isBefore(opens)) {
            return new Decision(State.NOT_YET, opens);
        }
        return now.isBefore(closes) ? new Decision(State.OPEN, null) : new Decision(State.OVER, null);
    }
}
