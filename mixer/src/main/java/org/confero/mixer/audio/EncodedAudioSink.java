package org.confero.mixer.audio;

/**
 * Receives one encoded 20 ms frame of the mix destined to one participant, on the participant's fan-out lane.
 * With shared encodes the same bytes reach many sinks: a sink must copy what it keeps and must not block
 * (it packetizes with its own SSRC, sequence number and timestamp, then hands the packet to a transport).
 */
@FunctionalInterface
public interface EncodedAudioSink {
    /**
     * @param payload encoded frame, valid only during this call
     * @param offset start of the frame in {@code payload}
     * @param length frame length in bytes
     * @param timestampIncrement RTP timestamp units this frame covers at the codec's clock rate
     */
    void deliver(byte[] payload, int offset, int length, int timestampIncrement);

    /**
     * Frames covering {@code timestampIncrement} units were not sent (the fan-out fell behind): the next frame's
     * timestamp must jump over them, as after silence.
     */
    default void skipped(int timestampIncrement) {}
}
