package org.confero.server.conference;

/** RTCP feedback a peer accepts for our video (RFC 4585 §4.2, RFC 5104 §7.1, REMB draft). */
public enum VideoFeedback {
    /** Generic NACK: the peer asks for lost packets and answers ours. */
    NACK,
    /** Picture loss indication: a keyframe request. */
    PLI,
    /** Full intra request (RFC 5104 ccm fir). */
    FIR,
    /** Receiver-estimated maximum bitrate (goog-remb). */
    REMB
}
