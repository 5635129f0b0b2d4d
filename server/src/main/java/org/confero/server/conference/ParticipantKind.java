package org.confero.server.conference;

/** How a participant reached the room; {@code CASCADE} is another node's share of a room spread over nodes. */
public enum ParticipantKind {
    SIP, BROWSER, CASCADE
}
