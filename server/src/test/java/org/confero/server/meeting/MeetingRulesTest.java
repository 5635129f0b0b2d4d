package org.confero.server.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.meeting.JoinDecision.Admit;
import org.confero.server.meeting.JoinDecision.Refuse;
import org.confero.server.meeting.JoinDecision.WaitInLobby;
import org.confero.server.rooms.Room;
import org.confero.server.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The joining rules: times, lobby, lock, end, host present, full. */
class MeetingRulesTest {
    private static final Instant START = Instant.parse("2027-03-15T08:00:00Z");
    private static final Instant END = Instant.parse("2027-03-15T08:45:00Z");
    private static final Duration GRACE = Duration.ofMinutes(10);

    private final MutableClock clock = MutableClock.at(START);
    private final MeetingRegistry registry = new MeetingRegistry(clock, GRACE, Duration.ofHours(1));

    @AfterEach
    void close() {
        registry.close();
    }

    static Room room(boolean lobby, boolean locked, int max, boolean scheduled) {
        return new Room("physics-9a", "Physics", Optional.empty(), max, false, Optional.of("9876"), lobby,
                scheduled ? Optional.of(new Room.Occurrence(START, END)) : Optional.empty(), locked,
                OptionalLong.of(7));
    }

    private Meeting open(boolean lobby) {
        return registry.meeting(room(lobby, false, 3, false));
    }

    @Test
    void anOpenRoomAdmitsParticipantsAndALobbyRoomKeepsThemWaitingForAHost() {
        assertThat(open(false).decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Admit());
        MeetingRegistry other = new MeetingRegistry(clock, GRACE, Duration.ofHours(1));
        try {
            Meeting lobby = other.meeting(room(true, false, 3, false));
            assertThat(lobby.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new WaitInLobby(Optional.empty()));
            assertThat(lobby.decide(Role.HOST, clock.instant())).isEqualTo(new Admit());
            lobby.join("h1", "Host", ParticipantKind.BROWSER, Role.HOST, new Recorder());
            assertThat(lobby.decide(Role.PARTICIPANT, clock.instant())).as("a lobby holds even with a host present")
                    .isEqualTo(new WaitInLobby(Optional.empty()));
        } finally {
            other.close();
        }
    }

    @Test
    void aLockedRoomRefusesParticipantsButNotHosts() {
        Meeting m = open(false);
        m.lock(true);
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Refuse(RefusalReason.LOCKED));
        assertThat(m.decide(Role.HOST, clock.instant())).isEqualTo(new Admit());
        m.lock(false);
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Admit());
    }

    @Test
    void aRoomStoredLockedIsLockedUntilAHostUnlocksIt() {
        Meeting m = registry.meeting(room(false, true, 3, false));
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Refuse(RefusalReason.LOCKED));
        m.lock(false);
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Admit());
    }

    @Test
    void anEndedMeetingRefusesParticipantsUntilAHostStartsItAgain() {
        Meeting m = open(false);
        m.join("h1", "Host", ParticipantKind.BROWSER, Role.HOST, new Recorder());
        m.end();
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Refuse(RefusalReason.ENDED));
        assertThat(registry.meeting(room(false, false, 3, false))).as("the registry keeps the ended meeting")
                .isSameAs(m);
        assertThat(m.decide(Role.HOST, clock.instant())).isEqualTo(new Admit());
        m.join("h1", "Host", ParticipantKind.BROWSER, Role.HOST, new Recorder());
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Admit());
    }

    @Test
    void beforeTheOpeningParticipantsWaitAndFarAheadTheyAreRefusedWithTheSecondsToWait() {
        Meeting m = registry.meeting(room(false, false, 3, true));
        Instant opens = START.minus(GRACE);
        clock.advance(Duration.ofMinutes(-30));
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new WaitInLobby(Optional.of(opens)));
        clock.advance(Duration.ofHours(-1));
        JoinDecision far = m.decide(Role.PARTICIPANT, clock.instant());
        assertThat(far).isEqualTo(new Refuse(RefusalReason.NOT_STARTED, Optional.of(opens)));
        assertThat(((Refuse) far).retryAfterSeconds(clock.instant())).contains(Duration.ofMinutes(80).toSeconds());
        assertThat(m.decide(Role.HOST, clock.instant())).isEqualTo(new Admit());
        m.join("h1", "Host", ParticipantKind.BROWSER, Role.HOST, new Recorder());
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).as("a host present opens the meeting early")
                .isEqualTo(new Admit());
    }

    @Test
    void theMeetingOpensAtStartMinusGraceAndIsOverAtEndPlusGraceUnlessAHostStays() {
        Meeting m = registry.meeting(room(false, false, 3, true));
        clock.advance(Duration.ofMinutes(-10));
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Admit());
        clock.advance(Duration.ofMinutes(10 + 45 + 9));
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Admit());
        clock.advance(Duration.ofMinutes(1));
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Refuse(RefusalReason.ENDED));
        m.join("h1", "Host", ParticipantKind.SIP, Role.HOST, new Recorder());
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).as("the host overruns").isEqualTo(new Admit());
    }

    @Test
    void aFullRoomRefusesEveryoneHostsToo() {
        Meeting m = open(false);
        for (int i = 0; i < 3; i++) {
            m.join("p" + i, "P", ParticipantKind.BROWSER, Role.PARTICIPANT, new Recorder());
        }
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Refuse(RefusalReason.FULL));
        assertThat(m.decide(Role.HOST, clock.instant())).isEqualTo(new Refuse(RefusalReason.FULL));
    }

    @Test
    void fullOutranksLockedAndEndedOutranksLocked() {
        Meeting m = open(false);
        m.lock(true);
        m.end();
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Refuse(RefusalReason.ENDED));
        for (int i = 0; i < 3; i++) {
            m.join("h" + i, "H", ParticipantKind.BROWSER, Role.HOST, new Recorder());
        }
        assertThat(m.decide(Role.PARTICIPANT, clock.instant())).isEqualTo(new Refuse(RefusalReason.FULL));
    }
}
