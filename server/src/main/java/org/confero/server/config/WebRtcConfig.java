package org.confero.server.config;

import java.util.List;
import java.util.Optional;

/**
 * @param port the single UDP port all browsers' ICE, DTLS and SRTP share
 * @param publicAddress address announced in ICE candidates when the server sits behind NAT; empty = the bind address
 * @param iceServers STUN/TURN URLs handed to browsers ({@code stun:host:port}, {@code turn:host:port})
 */
public record WebRtcConfig(int port, Optional<String> publicAddress, List<String> iceServers) {
    public WebRtcConfig {
        Checks.port("webrtc.port", port, true);
        if (publicAddress == null) {
            throw new IllegalArgumentException("webrtc.public-address must not be null");
        }
        iceServers = List.copyOf(iceServers);
    }
}
