package org.confero.server.conference;

/**
 * A participant's audio inside a room's mixer. The transport feeds it received packets and the mixer sends
 * the participant's mix (everyone but itself) through the leg's {@link PacketSender}.
 */
public interface AudioLeg extends AutoCloseable {
    String roomId();

    String participantId();

    /** A received RTP packet; copied before return, never throws on garbage (it is counted and dropped). */
    void receiveRtp(byte[] packet, int offset, int length, long arrivalNanos);

    /** A received RTCP compound packet; never throws on garbage. */
    void receiveRtcp(byte[] packet, int offset, int length, long arrivalNanos);

    /**
     * Media direction after (re-)negotiation, from our side: {@code send} false stops the mix to the peer
     * (it put us on hold), {@code receive} false removes the peer from the mix.
     */
    void setDirection(boolean send, boolean receive);

    /** Lets a participant out of the lobby into the room's mix (both ways). Idempotent. */
    void admit();

    /** False while the participant waits in the lobby. */
    boolean admitted();

    /** A participant's own mute: its voice leaves the mix (it still hears the room); the roster shows it. */
    void setMuted(boolean muted);

    /** Nanosecond time ({@link System#nanoTime()}) of the last valid RTP packet received, or of the leg's start. */
    long lastReceiveNanos();

    LegStats stats();

    /** Leaves the room and frees codec contexts and buffers. Idempotent. */
    @Override
    void close();
}
