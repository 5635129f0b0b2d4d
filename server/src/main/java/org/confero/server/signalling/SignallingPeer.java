package org.confero.server.signalling;

import java.util.List;

/**
 * The media side's handle on one browser's signalling socket. Every method is non-blocking and safe to call from
 * any thread; calls after the socket closed are ignored.
 */
public interface SignallingPeer {
    /** Trickles one local ICE candidate (RFC 8838); an empty {@code candidate} means end of candidates. */
    void sendCandidate(String candidate, String sdpMid, int mLineIndex);

    /** Sends the room's current participant list; call it on every change (join, leave, mute). */
    void sendRoster(List<RosterEntry> roster);

    /** Announces a new active speaker. */
    void sendSpeaking(String participantId);

    /**
     * Tells the browser the room's video layout ({@code grid}, {@code speaker} or {@code presenter}): once after
     * the join and on every change.
     */
    void sendLayout(String layout);

    /** Sends {@code bye} with the reason and closes the socket (e.g. removed by the host, room ended). */
    void disconnect(String reason);

    /** A host admitted this browser from the lobby (or the meeting opened): it is in the room now. */
    default void admittedFromLobby(BrowserCall call, boolean host) {}

    /** A host denied this browser from the lobby, or ended the meeting while it waited. */
    default void deniedFromLobby() {}

    /** A host muted this participant, or allows it to unmute again. */
    default void sendHostMute(boolean muted) {}

    /** The meeting's lock and lobby, for a host's panel. */
    default void sendMeeting(ServerMessage.Meeting meeting) {}
}
