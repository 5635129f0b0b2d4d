package org.confero.mixer.audio;

import org.confero.mixer.codec.OpusSettings;

/**
 * How one room's audio mixer behaves.
 *
 * @param maxTalkers how many of the loudest participants are mixed at once
 * @param silenceThresholdDbov below this smoothed level a participant is not a talker candidate
 * @param switchMarginDb a current talker is ranked this much louder than it is, so a newcomer must be
 *     clearly louder to take its place (prevents flapping between equally loud speakers)
 * @param sharedListenerEncodes true: every non-talker gets its codec's one shared encode of the full mix;
 *     false: one encode per participant (for comparison in benchmarks)
 * @param opus settings of every Opus encoder in the room
 */
public record MixerConfig(int maxTalkers, double silenceThresholdDbov, double switchMarginDb,
        boolean sharedListenerEncodes, OpusSettings opus) {

    public static final MixerConfig DEFAULT = new MixerConfig(3, -55, 3, true, OpusSettings.DEFAULT);

    public MixerConfig {
        if (maxTalkers < 1 || maxTalkers > 16) {
            throw new IllegalArgumentException("maxTalkers must be 1-16, was " + maxTalkers);
        }
        if (silenceThresholdDbov > 0 || silenceThresholdDbov < AudioLevels.SILENCE_DBOV) {
            throw new IllegalArgumentException("silence threshold must be -127..0 dBov, was " + silenceThresholdDbov);
        }
        if (switchMarginDb < 0 || switchMarginDb > 20) {
            throw new IllegalArgumentException("switch margin must be 0-20 dB, was " + switchMarginDb);
        }
        if (opus == null) {
            throw new IllegalArgumentException("opus settings are required");
        }
    }

    public MixerConfig withMaxTalkers(int n) {
        return new MixerConfig(n, silenceThresholdDbov, switchMarginDb, sharedListenerEncodes, opus);
    }

    public MixerConfig withSharedListenerEncodes(boolean shared) {
        return new MixerConfig(maxTalkers, silenceThresholdDbov, switchMarginDb, shared, opus);
    }

    public MixerConfig withOpus(OpusSettings settings) {
        return new MixerConfig(maxTalkers, silenceThresholdDbov, switchMarginDb, sharedListenerEncodes, settings);
    }
}
