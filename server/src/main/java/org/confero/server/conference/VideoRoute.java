package org.confero.server.conference;

/**
 * A leg's video in the room: the participant's camera into the compositor and the composite back out. Built by
 * the room for a leg whose negotiation settled video; replaced or closed when a re-negotiation changes it.
 */
interface VideoRoute extends AutoCloseable {
    /** The negotiated video payload type (what a bundled transport demultiplexes on). */
    int payloadType();

    /** An RTP packet of the peer's video; consumed or copied before return, never throws. */
    void receiveRtp(byte[] packet, int offset, int length, long arrivalNanos);

    /** An RTCP compound packet: feedback about our composite, reports and SRs about the peer's video. */
    void receiveRtcp(byte[] packet, int offset, int length, long arrivalNanos);

    /** The peer asked for a keyframe by signalling (SIP INFO). */
    void requestKeyframe();

    /** Sending stops while on hold or in the lobby; receiving stops when the peer does not send or is held. */
    void setActive(boolean send, boolean receive);

    VideoStats stats();

    /** Leaves the compositor and frees the decoder (after the stream's worker is done with it). Idempotent. */
    @Override
    void close();

    /** Builds a leg's video routes in its room. */
    interface Factory {
        VideoRoute create(MixerLeg leg, NegotiatedVideo video, PacketSender sender);

        /** The participant's shared screen: its own tile, shown large in the presenter layout. */
        VideoRoute createScreen(MixerLeg leg, ScreenShare screen, PacketSender sender);
    }
}
