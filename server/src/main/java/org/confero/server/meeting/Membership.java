package org.confero.server.meeting;

/** Someone present in a meeting; {@link #leave()} when they leave the room. */
public interface Membership {
    String participantId();

    Role role();

    /** Whether they may unmute themselves now (not while a host's mute holds). */
    boolean mayUnmute();

    /** Leaves the meeting; idempotent. */
    void leave();
}
