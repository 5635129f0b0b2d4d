package org.confero.server.signalling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/** Messages the server sends; serialised with a leading {@code type} field. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(ServerMessage.Joined.class),
    @JsonSubTypes.Type(ServerMessage.Answer.class),
    @JsonSubTypes.Type(ServerMessage.Candidate.class),
    @JsonSubTypes.Type(ServerMessage.Participants.class),
    @JsonSubTypes.Type(ServerMessage.Speaking.class),
    @JsonSubTypes.Type(ServerMessage.Layout.class),
    @JsonSubTypes.Type(ServerMessage.Chat.class),
    @JsonSubTypes.Type(ServerMessage.Recording.class),
    @JsonSubTypes.Type(ServerMessage.Error.class),
    @JsonSubTypes.Type(ServerMessage.Lobby.class),
    @JsonSubTypes.Type(ServerMessage.HostMute.class),
    @JsonSubTypes.Type(ServerMessage.Meeting.class),
    @JsonSubTypes.Type(ServerMessage.Bye.class),
    @JsonSubTypes.Type(ServerMessage.Pong.class)
})
public sealed interface ServerMessage {
    /**
     * An entry of RTCConfiguration.iceServers; TURN entries carry time-limited credentials, STUN entries none
     * (null fields are left out of the JSON).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IceServer(String urls, String username, String credential) {
        public IceServer(String urls) {
            this(urls, null, null);
        }
    }

    /**
     * @param iceTransportPolicy {@code all}, or {@code relay} when the server wants media only through TURN
     * @param host the participant runs the meeting (the room's owner logged in, an admin, or the host PIN)
     */
    @JsonTypeName("joined")
    record Joined(String participantId, String room, String name, List<IceServer> iceServers,
            String iceTransportPolicy, List<RosterEntry> participants, boolean mayRecord, boolean host)
            implements ServerMessage {
        public Joined(String participantId, String room, String name, List<IceServer> iceServers,
                String iceTransportPolicy, List<RosterEntry> participants, boolean mayRecord) {
            this(participantId, room, name, iceServers, iceTransportPolicy, participants, mayRecord, false);
        }
    }

    /**
     * The browser waits in the lobby under this participant id: for a host to admit it, or, when {@code opensAt}
     * (ISO-8601) is set, for the meeting to open. {@code joined} follows on admission, {@code bye} on denial.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonTypeName("lobby")
    record Lobby(String participantId, String room, String name, String opensAt) implements ServerMessage {}

    /** A host muted this participant ({@code muted}) or allows it to unmute again. */
    @JsonTypeName("host-mute")
    record HostMute(boolean muted) implements ServerMessage {}

    /** One person waiting in the lobby, as a host's panel lists them. */
    record Waiting(String id, String name, RosterEntry.Kind kind) {}

    /** The meeting's state for hosts: the lock and the lobby; sent to hosts after the join and on every change. */
    @JsonTypeName("meeting")
    record Meeting(boolean locked, List<Waiting> lobby) implements ServerMessage {}

    @JsonTypeName("answer")
    record Answer(String sdp) implements ServerMessage {}

    @JsonTypeName("candidate")
    record Candidate(String candidate, String sdpMid, int sdpMLineIndex) implements ServerMessage {}

    @JsonTypeName("participants")
    record Participants(List<RosterEntry> list) implements ServerMessage {}

    @JsonTypeName("speaking")
    record Speaking(String participantId) implements ServerMessage {}

    /** The room's video layout: {@code grid}, {@code speaker} or {@code presenter}. */
    @JsonTypeName("layout")
    record Layout(String layout) implements ServerMessage {}

    /**
     * A chat line: {@code from} is the sender's participant id ({@code sip:user} for a registered phone outside
     * the call), {@code ts} the server's time of arrival in milliseconds since the epoch. Plain text.
     */
    @JsonTypeName("chat")
    record Chat(String from, String name, String text, long ts) implements ServerMessage {}

    /** The room is being recorded ({@code on}) or no longer; sent after the join while recording, and on changes. */
    @JsonTypeName("recording")
    record Recording(boolean on) implements ServerMessage {}

    @JsonTypeName("error")
    record Error(String code, String message) implements ServerMessage {}

    @JsonTypeName("bye")
    record Bye(String reason) implements ServerMessage {}

    @JsonTypeName("pong")
    record Pong() implements ServerMessage {}
}
