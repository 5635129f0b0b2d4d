package org.confero.server.browser;

import java.util.List;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.meeting.LobbyEntry;
import org.confero.server.meeting.Meeting;
import org.confero.server.meeting.MeetingView;
import org.confero.server.signalling.ClientMessage;
import org.confero.server.signalling.HostControl;
import org.confero.server.signalling.RosterEntry;
import org.confero.server.signalling.ServerMessage;

/** A browser host's control messages carried out on the room's {@link Meeting}; refused for everyone else. */
final class HostActions {
    private HostActions() {}

    static HostControl apply(Meeting meeting, String senderId, ClientMessage.Host control) {
        if (!meeting.isHost(senderId)) {
            return HostControl.NOT_HOST;
        }
        String target = control.participantId();
        boolean found = switch (control.action()) {
            case "admit" -> meeting.admit(target);
            case "deny" -> meeting.deny(target);
            case "mute" -> meeting.mute(target);
            case "allow-unmute" -> meeting.allowUnmute(target);
            case "remove" -> meeting.remove(target);
            case "mute-all" -> {
                meeting.muteAll();
                yield true;
            }
            case "lock", "unlock" -> {
                meeting.lock(control.action().equals("lock"));
                yield true;
            }
            case "end" -> {
                meeting.end();
                yield true;
            }
            default -> throw new IllegalArgumentException("unknown host action " + control.action());
        };
        return found ? HostControl.DONE : HostControl.NO_SUCH_PARTICIPANT;
    }

    /** The meeting as a host's panel receives it. */
    static ServerMessage.Meeting message(MeetingView view) {
        List<ServerMessage.Waiting> waiting = view.lobby().stream().map(HostActions::waiting).toList();
        return new ServerMessage.Meeting(view.locked(), waiting);
    }

    private static ServerMessage.Waiting waiting(LobbyEntry e) {
        return new ServerMessage.Waiting(e.participantId(), e.displayName(),
                e.kind() == ParticipantKind.BROWSER ? RosterEntry.Kind.BROWSER : RosterEntry.Kind.SIP);
    }
}
