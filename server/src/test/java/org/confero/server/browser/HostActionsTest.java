package org.confero.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.meeting.Departure;
import org.confero.server.meeting.JoinDecision;
import org.confero.server.meeting.Meeting;
import org.confero.server.meeting.MeetingRegistry;
import org.confero.server.meeting.MemberControl;
import org.confero.server.meeting.RefusalReason;
import org.confero.server.meeting.Role;
import org.confero.server.rooms.Room;
import org.confero.server.signalling.ClientMessage;
import org.confero.server.signalling.HostControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Host controls from the WebSocket act on the meeting for hosts only. */
class HostActionsTest {
    private final MeetingRegistry registry = new MeetingRegistry();

    @AfterEach
    void close() {
        registry.close();
    }

    private static final MemberControl QUIET = new MemberControl() {
        @Override
        public void hostMute(boolean muted) {}

        @Override
        public void depart(Departure why) {}
    };

    @Test
    void aParticipantsControlsAreRefusedAndChangeNothingWhileAHostsTakeEffect() {
        Room room = new Room("clinic", "Clinic", Optional.empty(), 10, false, Optional.empty(), true,
                Optional.empty(), false, OptionalLong.of(1));
        Meeting meeting = registry.meeting(room);
        meeting.join("host", "Dr A", ParticipantKind.BROWSER, Role.HOST, QUIET);
        meeting.join("pat", "Pat", ParticipantKind.BROWSER, Role.PARTICIPANT, QUIET);
        meeting.join("phone", "Desk", ParticipantKind.SIP, Role.PARTICIPANT, QUIET);

        for (String action : ClientMessage.Host.ACTIONS) {
            assertThat(HostActions.apply(meeting, "pat", new ClientMessage.Host(action, "phone")))
                    .as(action).isEqualTo(HostControl.NOT_HOST);
        }
        assertThat(meeting.locked()).isFalse();
        assertThat(meeting.ended()).isFalse();
        assertThat(meeting.mayUnmute("phone")).isTrue();

        assertThat(HostActions.apply(meeting, "host", new ClientMessage.Host("mute", "phone")))
                .isEqualTo(HostControl.DONE);
        assertThat(meeting.mayUnmute("phone")).isFalse();
        assertThat(HostActions.apply(meeting, "host", new ClientMessage.Host("remove", "nobody")))
                .isEqualTo(HostControl.NO_SUCH_PARTICIPANT);
        assertThat(HostActions.apply(meeting, "host", new ClientMessage.Host("lock", null)))
                .isEqualTo(HostControl.DONE);
        assertThat(meeting.decide(Role.PARTICIPANT, java.time.Instant.now()))
                .isEqualTo(new JoinDecision.Refuse(RefusalReason.LOCKED));
        assertThat(HostActions.apply(meeting, "host", new ClientMessage.Host("end", null)))
                .isEqualTo(HostControl.DONE);
        assertThat(meeting.ended()).isTrue();
    }
}
