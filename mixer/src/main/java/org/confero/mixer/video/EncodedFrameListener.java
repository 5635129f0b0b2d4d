package org.confero.mixer.video;

/**
 * Receives a room's encoded picture for one (codec, tier). Called on the compositor's thread once per encoded
 * frame; it must not block (packetize, queue, return). The frame is reused after the call: copy what you keep.
 */
@FunctionalInterface
public interface EncodedFrameListener {
    void onFrame(Tier tier, EncodedFrame frame);
}
