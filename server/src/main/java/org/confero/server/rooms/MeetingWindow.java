package org.confero.server.rooms;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * When a hosted room lets people in, from its schedule: from {@code grace} before an occurrence's start until
 * {@code grace} after its end. A weekly room's occurrences keep their local time across daylight-saving changes
 * (09:00 in Berlin stays 09:00) and stop after {@code repeatUntil}. A room without a schedule is always open.
 * Groundwork for the joining rules; the SIP focus and the WebSocket join do not consult it yet.
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
