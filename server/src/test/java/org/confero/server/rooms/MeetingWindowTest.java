package org.confero.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.confero.server.rooms.MeetingWindow.State;
import org.junit.jupiter.api.Test;

class MeetingWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Duration GRACE = Duration.ofMinutes(10);

    private static HostedRoom room(boolean weekly, Optional<LocalDate> until) {
        return new HostedRoom("physics-9a", "Physics", 1, Optional.of(LocalDateTime.of(2027, 3, 15, 9, 0)),
                Optional.of(LocalDateTime.of(2027, 3, 15, 9, 45)), BERLIN, weekly, until, Optional.empty(),
                Optional.empty(), false, 30, "grid", false, false, 0, 0);
    }

    private static Instant berlin(int month, int day, int hour, int minute) {
        return ZonedDateTime.of(2027, month, day, hour, minute, 0, 0, BERLIN).toInstant();
    }

    @Test
    void aOneOffMeetingOpensTenMinutesEarlyAndIsOverTenMinutesAfterItsEnd() {
        HostedRoom once = room(false, Optional.empty());
        MeetingWindow.Decision early = MeetingWindow.at(once, berlin(3, 15, 8, 49), GRACE);
        assertThat(early.state()).isEqualTo(State.NOT_YET);
        assertThat(early.opensAt()).isEqualTo(berlin(3, 15, 8, 50));
        assertThat(MeetingWindow.at(once, berlin(3, 15, 8, 50), GRACE).state()).isEqualTo(State.OPEN);
        assertThat(MeetingWindow.at(once, berlin(3, 15, 9, 54), GRACE).state()).isEqualTo(State.OPEN);
        assertThat(MeetingWindow.at(once, berlin(3, 15, 9, 55), GRACE).state()).isEqualTo(State.OVER);
    }

    @Test
    void aWeeklyClassKeepsItsLocalTimeAcrossTheDaylightSavingChangeAndStopsAfterItsLastDay() {
        HostedRoom weekly = room(true, Optional.of(LocalDate.of(2027, 4, 5)));
        // Between classes: the next one, a week later, at 09:00 local after the clocks moved on 28 March.
        MeetingWindow.Decision between = MeetingWindow.at(weekly, berlin(3, 30, 12, 0), GRACE);
        assertThat(between.state()).isEqualTo(State.NOT_YET);
        assertThat(between.opensAt()).isEqualTo(berlin(4, 5, 8, 50));
        assertThat(MeetingWindow.at(weekly, berlin(3, 29, 9, 0), GRACE).state()).isEqualTo(State.OPEN);
        assertThat(MeetingWindow.at(weekly, berlin(4, 5, 9, 30), GRACE).state()).isEqualTo(State.OPEN);
        assertThat(MeetingWindow.at(weekly, berlin(4, 6, 9, 0), GRACE).state()).as("after the last class")
                .isEqualTo(State.OVER);
        assertThat(MeetingWindow.at(room(true, Optional.empty()), berlin(3, 14, 9, 0).plus(Duration.ofDays(700)),
                GRACE).state()).as("no end date: still on two years later").isNotEqualTo(State.OVER);
    }

    @Test
    void aRoomWithoutScheduleIsAlwaysOpen() {
        HostedRoom open = new HostedRoom("quick-chat", "Quick", 1, Optional.empty(), Optional.empty(),
                ZoneId.of("UTC"), false, Optional.empty(), Optional.empty(), Optional.empty(), false, 5, "grid", false,
                false, 0, 0);
        assertThat(MeetingWindow.at(open, Instant.EPOCH, GRACE).state()).isEqualTo(State.OPEN);
    }

    @Test
    void theOccurrenceOfAJoinIsTheCurrentOrNextOneAndTheLastWhenTheScheduleIsOver() {
        HostedRoom weekly = room(true, Optional.of(LocalDate.of(2027, 4, 5)));
        assertThat(MeetingWindow.occurrence(weekly, berlin(3, 30, 12, 0), GRACE))
                .contains(new Room.Occurrence(berlin(4, 5, 9, 0), berlin(4, 5, 9, 45)));
        assertThat(MeetingWindow.occurrence(weekly, berlin(3, 29, 9, 50), GRACE)).as("within the grace after the end")
                .contains(new Room.Occurrence(berlin(3, 29, 9, 0), berlin(3, 29, 9, 45)));
        assertThat(MeetingWindow.occurrence(weekly, berlin(5, 1, 9, 0), GRACE)).as("after the last class")
                .contains(new Room.Occurrence(berlin(4, 5, 9, 0), berlin(4, 5, 9, 45)));
        assertThat(MeetingWindow.occurrence(room(false, Optional.empty()), berlin(1, 1, 0, 0), GRACE))
                .contains(new Room.Occurrence(berlin(3, 15, 9, 0), berlin(3, 15, 9, 45)));
        HostedRoom lobbyRoom = room(true, Optional.empty());
        Room asRoom = lobbyRoom.asRoom(berlin(3, 22, 8, 0), GRACE);
        assertThat(asRoom.occurrence()).contains(new Room.Occurrence(berlin(3, 22, 9, 0), berlin(3, 22, 9, 45)));
        assertThat(asRoom.ownedBy(1)).isTrue();
    }
}
