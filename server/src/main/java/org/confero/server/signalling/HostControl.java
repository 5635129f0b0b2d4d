package org.confero.server.signalling;

/** What became of a host's control message. */
public enum HostControl {
    DONE,
    /** The sender is not a host of the meeting. */
    NOT_HOST,
    /** Nobody by that participant id is in the meeting or its lobby. */
    NO_SUCH_PARTICIPANT
}
