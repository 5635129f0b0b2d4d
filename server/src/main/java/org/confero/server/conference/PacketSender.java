package org.confero.server.conference;

/**
 * A leg's way out to the network (plain UDP for SIP legs, SRTP for WebRTC legs). Called on a fan-out
 * lane (audio) or a compositor's thread (video): implementations copy or send at once and never block.
 */
public interface PacketSender {
    void sendRtp(byte[] packet, int offset, int length);

    void sendRtcp(byte[] packet, int offset, int length);
}
