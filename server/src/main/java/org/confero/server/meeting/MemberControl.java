package org.confero.server.meeting;

/**
 * How the meeting acts on one present participant; implemented by its transport (a browser call, a SIP call).
 * Called on the meeting's event thread, never under a lock, in the order the meeting decided.
 */
public interface MemberControl {
    /**
     * A host muted this participant ({@code true}): its voice must leave the room's mix now (the leg's mute, not a
     * flag in the client) and it may not unmute itself. {@code false}: the host allows it to unmute again; a
     * browser is told and unmutes itself when its user chooses; a phone, which has no way to ask Confero, is
     * unmuted (its own mute key still works).
     */
    void hostMute(boolean muted);

    /** The meeting sends this participant away: a SIP leg gets BYE, a browser is told and closed. */
    void depart(Departure why);

    /** The lobby, the lock or the hosts changed; hosts' panels show it. Others may ignore it. */
    default void meetingChanged(MeetingView view) {}
}
