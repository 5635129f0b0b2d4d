package org.confero.server.load;

/**
 * When a talker talks: spurts of {@link #TALK_FRAMES} frames with {@link #SILENCE_FRAMES} of silence between,
 * on the load tool's common 20 ms frame clock. Talker slot k is shifted by k × {@link #SLOT_SHIFT_FRAMES}, so the
 * talkers of a room start their spurts at different moments and each onset can be timed on its own.
 */
final class TalkPattern {
    /**
     * One tone per talker slot: multiples of 50 Hz (a whole number of cycles in 20 ms, so each sits on its own
     * Goertzel bin), below 3.4 kHz, and chosen so that no sum, difference or third-order product of two or three
     * of them (f1 + f2 - f3, 2 f1 - f2, …) lands on another: any non-linearity on the way (companding, clipping, a
     * limiter) must not make two talkers sound like a third, as 2 × 1000 - 600 would for an evenly spaced 1400.
     */
    static final int[] FREQUENCIES = {650, 1500, 950, 2100, 1850, 1650};
    static final int TALK_FRAMES = 60;
    static final int SILENCE_FRAMES = 40;
    static final int PERIOD_FRAMES = TALK_FRAMES + SILENCE_FRAMES;
    static final int SLOT_SHIFT_FRAMES = 13;

    private TalkPattern() {}

    /** Frame position inside the talker's period: 0 is a spurt's first frame. */
    static int phase(long frame, int slot) {
        return (int) Math.floorMod(frame + (long) slot * SLOT_SHIFT_FRAMES, (long) PERIOD_FRAMES);
    }

    static boolean talking(long frame, int slot) {
        return phase(frame, slot) < TALK_FRAMES;
    }

    static int frequency(int slot) {
        return FREQUENCIES[slot];
    }
}
