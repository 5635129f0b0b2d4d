package org.confero.mixer.audio;

/**
 * One participant's counters since it joined the mix.
 *
 * @param framesRead ticks whose input delivered a frame
 * @param silentTicks ticks with no frame, a muted input, or a level under the silence threshold
 * @param talkerTicks ticks in which the participant was one of the mixed talkers
 * @param ownEncodes frames encoded by the participant's own encoder (as talker, or without shared encodes)
 * @param framesDelivered encoded frames handed to its sink
 * @param level current smoothed level in dBov
 */
public record ParticipantStats(long framesRead, long silentTicks, long talkerTicks, long ownEncodes,
        long framesDelivered, double level) {
}
