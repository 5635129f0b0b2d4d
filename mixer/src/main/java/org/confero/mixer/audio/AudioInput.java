package org.confero.mixer.audio;

/**
 * One participant's decoded audio, read once per mixer tick on the mixer's thread.
 * Implementations pull from a jitter buffer and decode; they never block.
 */
@FunctionalInterface
public interface AudioInput {
    /**
     * Fills {@code frame} with the next 20 ms at 48 kHz mono ({@link org.confero.mixer.codec.AudioCodec#MIX_FRAME_SAMPLES}
     * samples).
     *
     * @return false when the participant contributes nothing this tick (muted, on hold, no packets); the frame's
     *     contents are then undefined and the participant counts as silent
     */
    boolean read(short[] frame);
}
