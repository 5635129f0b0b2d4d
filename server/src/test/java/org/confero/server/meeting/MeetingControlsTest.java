package org.confero.server.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lobby and the hosts' controls: who is told what, on which thread. */
class MeetingControlsTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2027-03-15T08:00:00Z"));
    private final MeetingRegistry registry = new MeetingRegistry(clock, Duration.ofMinutes(10), Duration.ofHours(1));

    @AfterEach
    void close() {
        registry.close();
    }

    private Meeting meeting(boolean lobby, int max) {
        return registry.meeting(MeetingRulesTest.room(lobby, false, max, false));
    }

    @Test
    void aHostAdmitsOneWaiterAndDeniesAnotherAndSeesTheLobbyChange() throws Exception {
        Meeting m = meeting(true, 5);
        Recorder host = new Recorder();
        m.join("h1", "Host", ParticipantKind.BROWSER, Role.HOST, host);
        Recorder ann = new Recorder();
        Recorder bob = new Recorder();
        m.enterLobby("ann", "Ann", ParticipantKind.BROWSER, ann);
        m.enterLobby("bob", "Bob", ParticipantKind.SIP, bob);
        assertThat(m.view().lobby()).extracting(LobbyEntry::participantId).containsExactly("ann", "bob");

        assertThat(m.admit("ann")).isTrue();
        assertThat(m.deny("bob")).isTrue();
        assertThat(m.admit("ann")).as("admitted once").isFalse();
        assertThat(ann.next()).isEqualTo("admitted");
        assertThat(bob.next()).isEqualTo("denied");
        assertThat(ann.threads).allMatch("meeting-events"::equals);
        assertThat(m.view().lobby()).isEmpty();
        Thread.sleep(50); // the host's last view is delivered on the event thread after the deny
        assertThat(host.lastView.lobby()).isEmpty();
        assertThat(host.lastView.hostIds()).containsExactly("h1");
    }

    @Test
    void aWaiterWhoHangsUpLeavesTheLobbyAndIsToldNothing() throws Exception {
        Meeting m = meeting(true, 5);
        Recorder ann = new Recorder();
        LobbyTicket ticket = m.enterLobby("ann", "Ann", ParticipantKind.SIP, ann);
        ticket.leave();
        ticket.leave();
        assertThat(m.admit("ann")).isFalse();
        assertThat(ann.quiet(200)).isTrue();
    }

    @Test
    void theLobbyHoldsAtMostAsManyAsTheRoomHasSeats() {
        Meeting m = meeting(true, 2);
        m.enterLobby("a", "A", ParticipantKind.BROWSER, new Recorder());
        m.enterLobby("b", "B", ParticipantKind.BROWSER, new Recorder());
        assertThatThrownBy(() -> m.enterLobby("c", "C", ParticipantKind.SIP, new Recorder()))
                .isInstanceOf(LobbyFullException.class);
    }

    @Test
    void aHostArrivingInARoomWithoutLobbyLetsInThoseWhoWaitedForTheStart() throws Exception {
        Meeting m = registry.meeting(MeetingRulesTest.room(false, false, 5, true));
        clock.advance(Duration.ofMinutes(-30));
        Recorder early = new Recorder();
        m.enterLobby("early", "Early", ParticipantKind.BROWSER, early);
        assertThat(early.quiet(100)).isTrue();
        m.join("h1", "Host", ParticipantKind.BROWSER, Role.HOST, new Recorder());
        assertThat(early.next()).isEqualTo("admitted");
    }

    @Test
    void thoseWhoWaitedForTheStartEnterWhenTheMeetingOpens() throws Exception {
        MeetingRegistry soon = new MeetingRegistry(clock, Duration.ZERO, Duration.ofHours(1));
        try {
            Meeting m = soon.meeting(MeetingRulesTest.room(false, false, 5, true));
            clock.advance(Duration.ofMillis(-300));
            Recorder early = new Recorder();
            m.enterLobby("early", "Early", ParticipantKind.SIP, early);
            clock.advance(Duration.ofMillis(300)); // the opening timer, due in 300 ms, finds the clock there
            assertThat(early.next()).isEqualTo("admitted");
        } finally {
            soon.close();
        }
    }

    @Test
    void aHostMuteHoldsUntilTheHostAllowsUnmuteAndMuteAllSparesHosts() throws Exception {
        Meeting m = meeting(false, 5);
        Recorder host = new Recorder();
        Recorder ann = new Recorder();
        Recorder bob = new Recorder();
        Membership hostIn = m.join("h1", "Host", ParticipantKind.BROWSER, Role.HOST, host);
        Membership annIn = m.join("ann", "Ann", ParticipantKind.BROWSER, Role.PARTICIPANT, ann);
        m.join("bob", "Bob", ParticipantKind.SIP, Role.PARTICIPANT, bob);

        assertThat(m.mute("ann")).isTrue();
        assertThat(ann.next()).isEqualTo("muted");
        assertThat(annIn.mayUnmute()).isFalse();
        assertThat(m.allowUnmute("ann")).isTrue();
        assertThat(ann.next()).isEqualTo("may-unmute");
        assertThat(annIn.mayUnmute()).isTrue();

        assertThat(m.muteAll()).isEqualTo(2);
        assertThat(ann.next()).isEqualTo("muted");
        assertThat(bob.next()).isEqualTo("muted");
        assertThat(host.quiet(100)).isTrue();
        assertThat(hostIn.mayUnmute()).isTrue();
        assertThat(m.view().hostMuted()).containsExactlyInAnyOrder("ann", "bob");
        assertThat(m.mute("nobody")).isFalse();
    }

    @Test
    void removeSendsOneAwayAndEndSendsEveryoneAwayAndEmptiesTheLobby() throws Exception {
        Meeting m = meeting(true, 5);
        Recorder host = new Recorder();
        Recorder ann = new Recorder();
        Recorder bob = new Recorder();
        Recorder waiting = new Recorder();
        m.join("h1", "Host", ParticipantKind.BROWSER, Role.HOST, host);
        Membership annIn = m.join("ann", "Ann", ParticipantKind.BROWSER, Role.PARTICIPANT, ann);
        m.join("bob", "Bob", ParticipantKind.SIP, Role.PARTICIPANT, bob);
        m.enterLobby("w", "W", ParticipantKind.BROWSER, waiting);

        assertThat(m.remove("ann")).isTrue();
        assertThat(ann.next()).isEqualTo("depart-REMOVED");
        annIn.leave(); // the transport leaves after being removed: nothing more happens
        assertThat(m.isHost("h1")).isTrue();

        m.end();
        assertThat(host.next()).isEqualTo("depart-ENDED");
        assertThat(bob.next()).isEqualTo("depart-ENDED");
        assertThat(waiting.next()).isEqualTo("denied");
        assertThat(m.view().lobby()).isEmpty();
        assertThat(m.ended()).isTrue();
    }
}
