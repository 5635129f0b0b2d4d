package org.confero.server.conference;

/** How a participant reached the room. */
public enum ParticipantKind {
    SIP, BROWSER
}
