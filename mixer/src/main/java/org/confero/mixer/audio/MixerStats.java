package org.confero.mixer.audio;

/**
 * A room mixer's counters since it was created.
 *
 * @param ticks completed ticks
 * @param encodes every encoder invocation (talkers' own, listeners' own and shared)
 * @param sharedEncodes encodes of the full mix shared by all listeners of one codec
 * @param encodeFailures encoder errors (the frame is not sent)
 * @param inputFailures inputs that threw while read (treated as silence)
 * @param sinkFailures sinks that threw while delivering
 * @param overlappingTicks tick calls refused because another tick of the room was still running
 * @param participants participants in the room now
 * @param droppedTicks ticks mixed but not sent because the fan-out still sent the room's earlier frames
 */
public record MixerStats(long ticks, long encodes, long sharedEncodes, long encodeFailures, long inputFailures,
        long sinkFailures, long overlappingTicks, int participants, long droppedTicks) {
}
