package org.confero.mixer.video.rtp;

/**
 * Counters of one {@link FrameAssembler}, cumulative since creation.
 *
 * @param packetsIn datagrams handed to the assembler
 * @param invalidRtp datagrams that were not RTP or were larger than the configured packet size
 * @param duplicates packets already held
 * @param tooOld packets for frames already delivered or given up
 * @param packetsDiscarded held packets thrown away with a dropped frame
 * @param framesDelivered complete frames handed to the listener
 * @param framesDroppedIncomplete frames given up because packets were missing past the deadline or fell out of the window
 * @param framesDroppedMalformed frames given up because a payload broke its payload format
 * @param framesDroppedOversize frames larger than the configured limit
 * @param deltaFramesSuppressed complete delta frames not delivered because a keyframe was awaited
 * @param malformedPayloads payloads that broke their payload format
 * @param windowOverflows times a packet far ahead pushed unfinished frames out of the window
 * @param nacksSent sequence numbers asked for again (each retry counts)
 * @param keyframeRequests keyframe requests made
 */
public record FrameAssemblerStats(long packetsIn, long invalidRtp, long duplicates, long tooOld,
        long packetsDiscarded, long framesDelivered, long framesDroppedIncomplete, long framesDroppedMalformed,
        long framesDroppedOversize, long deltaFramesSuppressed, long malformedPayloads, long windowOverflows,
        long nacksSent, long keyframeRequests) {}
