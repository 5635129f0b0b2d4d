package org.confero.mixer.rtp;

/**
 * Counters of one {@link JitterBuffer}, cumulative since creation.
 *
 * @param inserted packets accepted into the buffer
 * @param played packets handed to the consumer
 * @param late packets that came after their turn (already played or declared lost) or too late to play
 * @param duplicate packets already in the buffer
 * @param overflow buffered packets pushed out because a newer one needed the slot or a resync flushed them
 * @param lost sequence numbers missing at their playout time (reported as LOST or skipped)
 * @param malformed datagrams that were not RTP or were too large
 * @param resyncs restarts after an SSRC change, a sequence jump or a long gap
 * @param targetDelayMillis current adaptive target delay
 * @param buffered packets in the buffer now
 */
public record JitterBufferStats(long inserted, long played, long late, long duplicate, long overflow, long lost,
        long malformed, long resyncs, int targetDelayMillis, int buffered) {}
