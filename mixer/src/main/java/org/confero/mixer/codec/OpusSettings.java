package org.confero.mixer.codec;

/**
 * How the mixer's Opus encoders run.
 *
 * @param bitrate bits per second of the mono stream (RFC 7587 §3.1.1: 6-510 kb/s; 24-32 kb/s is wideband
 *     speech that sounds clean)
 * @param complexity libopus complexity 0-10 ({@code AVCodecContext.compression_level}); the mixer's main cost
 *     knob: about 64 µs per frame at 0, 110 µs at 3, 200 µs at 5, 300 µs at 10
 * @param maxBandwidth the widest audio band coded; {@code FULLBAND} by default
 * @param application {@code AUDIO} by default. What we encode is a mix of up to N voices (plus their rooms'
 *     noise), not one speaker: libopus's audio mode codes it with CELT, which models any waveform, while voip
 *     mode leans on SILK's single-voice LPC model. Measured on this build, voip mode also costs about three
 *     times the CPU at complexity 0 (140 µs against 50 µs per frame), which decides whether a core can
 *     serve hundreds of participants without shared encodes. {@code VOIP} suits small rooms at low bitrates.
 */
public record OpusSettings(int bitrate, int complexity, Application application, Bandwidth maxBandwidth) {
    public static final OpusSettings DEFAULT = new OpusSettings(32_000, 5, Application.AUDIO, Bandwidth.FULLBAND);

    /** Highest audio bandwidth coded (RFC 6716 §2: NB 4, MB 6, WB 8, SWB 12, FB 20 kHz); less is cheaper. */
    public enum Bandwidth {
        NARROWBAND(4_000), MEDIUMBAND(6_000), WIDEBAND(8_000), SUPERWIDEBAND(12_000), FULLBAND(20_000);

        private final int cutoffHz;

        Bandwidth(int cutoffHz) {
            this.cutoffHz = cutoffHz;
        }

        /** The value FFmpeg's libopus wrapper takes as {@code AVCodecContext.cutoff}. */
        public int cutoffHz() {
            return cutoffHz;
        }
    }

    public enum Application {
        VOIP("voip"), AUDIO("audio"), LOW_DELAY("lowdelay");

        private final String libopusName;

        Application(String libopusName) {
            this.libopusName = libopusName;
        }

        String libopusName() {
            return libopusName;
        }
    }

    public OpusSettings {
        if (bitrate < 6_000 || bitrate > 510_000) {
            throw new IllegalArgumentException("Opus bitrate must be 6000-510000 b/s, was " + bitrate);
        }
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("Opus complexity must be 0-10, was " + complexity);
        }
        if (application == null || maxBandwidth == null) {
            throw new IllegalArgumentException("Opus application and bandwidth are required");
        }
    }

    public OpusSettings withComplexity(int newComplexity) {
        return new OpusSettings(bitrate, newComplexity, application, maxBandwidth);
    }

    public OpusSettings withMaxBandwidth(Bandwidth bandwidth) {
        return new OpusSettings(bitrate, complexity, application, bandwidth);
    }
}
