package org.confero.server.webrtc;

/**
 * Receives a browser's media after SRTP/SRTCP decryption. Called on the gateway's one receive thread, which
 * serves every browser: the buffer is only valid during the call (copy what you keep), and the call must
 * return quickly and never block (hand off to the mixer's queue).
 */
public interface MediaHandler {
    void onRtp(byte[] buf, int off, int len, long arrivalNanos);

    void onRtcp(byte[] buf, int off, int len, long arrivalNanos);

    MediaHandler DISCARD = new MediaHandler() {
        @Override
        public void onRtp(byte[] buf, int off, int len, long arrivalNanos) {}

        @Override
        public void onRtcp(byte[] buf, int off, int len, long arrivalNanos) {}
    };
}
