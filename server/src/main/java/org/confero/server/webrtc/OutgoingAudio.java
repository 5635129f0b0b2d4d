package org.confero.server.webrtc;

/**
 * Which outgoing RTP payload types are our audio stream (Opus and telephone-event as negotiated), so that the
 * transport gives exactly those packets the SSRC announced in the answer. Written by signalling, read per packet.
 */
final class OutgoingAudio {
    private volatile int opus = -1;
    private volatile int telephoneEvent = -1;

    void set(int opusPayloadType, int telephoneEventPayloadType) {
        this.opus = opusPayloadType;
        this.telephoneEvent = telephoneEventPayloadType;
    }

    boolean isAudio(int payloadType) {
        return payloadType == opus || payloadType == telephoneEvent;
    }
}
