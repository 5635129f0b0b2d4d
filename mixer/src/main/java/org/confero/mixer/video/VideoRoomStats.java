package org.confero.mixer.video;

import java.util.Map;

/**
 * A snapshot of one room's compositor.
 *
 * @param framesComposed ticks that drew and encoded a picture
 * @param ticksSkipped scheduled ticks skipped because the room was running late (not queued)
 * @param overruns ticks that took longer than the frame period
 * @param encodersPerTier open encoders per tier (one per codec in use)
 * @param framesEncoded frames out of all the room's encoders
 * @param keyframesProduced keyframes out of all the room's encoders
 * @param decodeErrors frames refused or failed by the sources' decoders
 * @param listenerFailures subscriber callbacks that threw
 * @param sources per source id
 */
public record VideoRoomStats(long framesComposed, long ticksSkipped, long overruns, Map<Tier, Integer> encodersPerTier,
        long framesEncoded, long keyframesProduced, long decodeErrors, long listenerFailures,
        Map<String, SourceStats> sources) {
    public VideoRoomStats {
        encodersPerTier = Map.copyOf(encodersPerTier);
        sources = Map.copyOf(sources);
    }

    /** One source: frames decoded, frames refused or failed, frames dropped waiting for a keyframe. */
    public record SourceStats(long framesDecoded, long decodeErrors, long framesAwaitingKeyframe) {
    }
}
