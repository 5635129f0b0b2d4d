package org.confero.server.meeting;

/**
 * Why someone may not enter a room now. SIP answers: {@code LOCKED} 403, {@code ENDED} and {@code NOT_STARTED}
 * 480 with Retry-After, {@code FULL} 486; browsers get the matching signalling error code.
 */
public enum RefusalReason {
    /** A host locked the room: only hosts enter. */
    LOCKED,
    /** A host ended the meeting, or its scheduled occurrence is over and no host is present. */
    ENDED,
    /** The next occurrence opens too far ahead to wait for it, and no host is present. */
    NOT_STARTED,
    /** Every seat is taken. */
    FULL
}
