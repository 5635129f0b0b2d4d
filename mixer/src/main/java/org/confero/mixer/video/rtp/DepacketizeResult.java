package org.confero.mixer.video.rtp;

/** Outcome of handing one RTP payload (or a finished frame) to a {@link VideoDepacketizer}. */
public enum DepacketizeResult {
    /** Accepted. */
    OK,
    /** The payload breaks its RTP payload format (truncated header, bad lengths, fragment out of order …). */
    MALFORMED,
    /** The frame would grow past the caller's byte limit. */
    OVERSIZE
}
