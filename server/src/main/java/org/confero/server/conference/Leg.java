package org.confero.server.conference;

import java.util.Optional;

/**
 * One participant in a room, whatever its transport: its audio in the room's mix and its video in the room's
 * composite. The transport feeds it received packets; the room sends the participant's mix and composite
 * through the leg's {@link PacketSender}s.
 */
public interface Leg extends AutoCloseable {
    String roomId();

    String participantId();

    /**
     * A received RTP packet of a transport that carries one kind (a SIP m-line's port); copied or consumed
     * before return, never throws on garbage (it is counted and dropped).
     */
    void receiveRtp(MediaKind kind, byte[] packet, int offset, int length, long arrivalNanos);

    /** A received RTCP compound packet of a transport that carries one kind; never throws on garbage. */
    void receiveRtcp(MediaKind kind, byte[] packet, int offset, int length, long arrivalNanos);

    /** A received RTP packet of a bundled transport (WebRTC): the leg tells the kinds apart by payload type. */
    void receiveBundledRtp(byte[] packet, int offset, int length, long arrivalNanos);

    /** A received RTCP compound packet of a bundled transport: every kind reads the reports about its streams. */
    void receiveBundledRtcp(byte[] packet, int offset, int length, long arrivalNanos);

    /**
     * Media direction after (re-)negotiation, from our side: {@code send} false stops the mix to the peer
     * (it put us on hold), {@code receive} false removes the peer from the mix.
     */
    void setDirection(boolean send, boolean receive);

    /**
     * Adds, changes or removes (empty) the leg's video after (re-)negotiation; the composite goes out through
     * {@code sender}.
     */
    void setVideo(Optional<NegotiatedVideo> video, PacketSender sender);

    /**
     * Starts, changes or ends (empty) the participant's shared screen: a second incoming video shown large in the
     * presenter layout; nothing is sent on it.
     */
    void setScreenShare(Optional<ScreenShare> screen, PacketSender sender);

    /** The peer asked for a keyframe by signalling (SIP INFO picture_fast_update, RFC 5168). */
    void requestKeyframe();

    /** The participant turned its camera off (or on): others see its initials instead of a frozen picture. */
    void setVideoMuted(boolean muted);

    /**
     * The call is confirmed (SIP: its ACK came): a leg joined unconfirmed enters the room's mix and fan-out
     * now. Idempotent; legs joined confirmed are in the mix from the start.
     */
    void confirm();

    /** Lets a participant out of the lobby into the room's mix (both ways). Idempotent. */
    void admit();

    /** False while the participant waits in the lobby. */
    boolean admitted();

    /**
     * Plays a prompt to this participant while it is outside the room's mix (waiting for its PIN or in the lobby);
     * null stops prompts. Ignored once it is in the room.
     */
    default void play(Prompt prompt) {}

    /** A participant's own mute: its voice leaves the mix (it still hears the room); the roster shows it. */
    void setMuted(boolean muted);

    /** Nanosecond time ({@link System#nanoTime()}) of the last valid RTP packet received, or of the leg's start. */
    long lastReceiveNanos();

    LegStats stats();

    /** Leaves the room and frees codec contexts and buffers. Idempotent. */
    @Override
    void close();
}
