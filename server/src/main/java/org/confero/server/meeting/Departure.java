package org.confero.server.meeting;

/** Why the meeting sends someone away. */
public enum Departure {
    /** A host removed them. */
    REMOVED,
    /** A host ended the meeting. */
    ENDED
}
