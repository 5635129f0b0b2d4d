package org.confero.server.conference;

/**
 * The kinds of media a leg can carry. SIP legs receive each kind on its own ports; WebRTC legs receive them
 * bundled on one transport and the leg tells them apart by payload type (RFC 8843 §9.2).
 */
public enum MediaKind {
    AUDIO,
    VIDEO
}
