package org.confero.mixer.rtp;

/** Outcome of {@link RtcpParser#parse}: OK, or why the compound packet was rejected as a whole. */
public enum RtcpParseResult {
    OK,
    /** Fewer than 4 bytes, or not a multiple of 4 bytes (RFC 3550 §6.1). */
    TOO_SHORT,
    /** Version is not 2. */
    BAD_VERSION,
    /** A length field points past the end of the compound packet. */
    BAD_LENGTH,
    /** Padding in a packet other than the last, or a padding count that does not fit (RFC 3550 §6.4.1). */
    BAD_PADDING,
    /** A packet is too short for the report count or feedback type it declares. */
    TRUNCATED_REPORT,
    /** The first packet is neither SR, RR nor (reduced-size RTCP, RFC 5506) feedback. */
    BAD_FIRST_PACKET
}
