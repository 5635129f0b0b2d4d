package org.confero.server.conference;

/**
 * A snapshot of one leg's video counters.
 *
 * @param framesReceived complete frames the assembler delivered to the decoder
 * @param keyframeRequestsSent PLI, FIR or SIP INFO requests we sent to the peer
 * @param keyframeRequestsReceived PLI, FIR or SIP INFO requests the peer sent us
 */
public record VideoStats(long packetsReceived, long packetsDropped, long framesReceived, long framesDecoded,
        long decodeErrors, long nacksSent, long nacksReceived, long keyframeRequestsSent,
        long keyframeRequestsReceived, long packetsSent, long packetsRetransmitted) {
    public static final VideoStats NONE = new VideoStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
