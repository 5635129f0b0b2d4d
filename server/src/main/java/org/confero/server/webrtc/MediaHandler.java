package org.confero.server.webrtc;

/**
 * Receives a browser's media after SRTP/SRTCP decryption. Called on the session's receive thread: the buffer
 * is only valid during the call (copy what you keep) and the call must not block.
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
