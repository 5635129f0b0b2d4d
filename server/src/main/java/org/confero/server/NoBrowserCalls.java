package org.confero.server;

import java.util.Optional;
import org.confero.server.signalling.BrowserCall;
import org.confero.server.signalling.BrowserCalls;
import org.confero.server.signalling.CallRejectedException;
import org.confero.server.signalling.ErrorCode;
import org.confero.server.signalling.SignallingPeer;

/** Browsers are refused with a clear error when the WebRTC gateway is switched off ({@code webrtc.port = 0}). */
final class NoBrowserCalls implements BrowserCalls {
    @Override
    public BrowserCall join(String roomId, String displayName, Optional<String> pin, SignallingPeer peer)
            throws CallRejectedException {
        throw new CallRejectedException(ErrorCode.INTERNAL, "browsers cannot join: webrtc.port is 0 on this server");
    }
}
