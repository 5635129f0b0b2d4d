package org.confero.mixer.codec;

import java.util.Locale;
import java.util.Optional;

/**
 * The audio codecs Confero mixes, with their RTP facts (RFC 3551, RFC 7587).
 *
 * <p>{@code rtpClockRate} is what SDP's rtpmap says and what RTP timestamps count in; for G.722 it is
 * 8000 although the codec samples at 16 kHz (RFC 3551 §4.5.2), which is why the two rates are separate.
 */
public enum AudioCodec {
    OPUS("opus", 48_000, 48_000, 2, -1),
    G722("G722", 8_000, 16_000, 1, 9),
    PCMU("PCMU", 8_000, 8_000, 1, 0),
    PCMA("PCMA", 8_000, 8_000, 1, 8);

    /** The mixer's internal rate: every decoder delivers and every encoder takes 48 kHz mono. */
    public static final int MIX_RATE = 48_000;
    /** The mixer's clock: one frame every 20 ms. */
    public static final int FRAME_MILLIS = 20;
    /** Samples in one 20 ms frame at {@link #MIX_RATE}. */
    public static final int MIX_FRAME_SAMPLES = MIX_RATE / 1000 * FRAME_MILLIS;

    private final String encodingName;
    private final int rtpClockRate;
    private final int sampleRate;
    private final int sdpChannels;
    private final int staticPayloadType;

    AudioCodec(String encodingName, int rtpClockRate, int sampleRate, int sdpChannels, int staticPayloadType) {
        this.encodingName = encodingName;
        this.rtpClockRate = rtpClockRate;
        this.sampleRate = sampleRate;
        this.sdpChannels = sdpChannels;
        this.staticPayloadType = staticPayloadType;
    }

    /** Encoding name as written in an SDP rtpmap (case-insensitive on input). */
    public String encodingName() { return encodingName; }

    public int rtpClockRate() { return rtpClockRate; }

    /** The rate the codec itself samples at. */
    public int sampleRate() { return sampleRate; }

    /** Channel count written in the rtpmap (Opus is always "/2" in SDP, RFC 7587 §7). */
    public int sdpChannels() { return sdpChannels; }

    /** Static payload type from RFC 3551, or -1 when the codec needs a dynamic one. */
    public int staticPayloadType() { return staticPayloadType; }

    /** RTP timestamp units in one 20 ms frame. */
    public int timestampsPerFrame() { return rtpClockRate / 1000 * FRAME_MILLIS; }

    /** Codec samples in one 20 ms frame. */
    public int samplesPerFrame() { return sampleRate / 1000 * FRAME_MILLIS; }

    public static Optional<AudioCodec> byEncodingName(String name, int clockRate) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (AudioCodec codec : values()) {
            if (codec.encodingName.toLowerCase(Locale.ROOT).equals(wanted) && codec.rtpClockRate == clockRate) {
                return Optional.of(codec);
            }
        }
        return Optional.empty();
    }
}
