package org.confero.server.config;

import java.util.List;
import java.util.Optional;

/**
 * @param port the single UDP port all browsers' ICE, DTLS and SRTP share
 * @param publicAddress address announced in ICE candidates when the server sits behind NAT; empty = the bind
 *     address, or the default route's interface address when the bind address is a wildcard
 * @param iceServers STUN/TURN URLs handed to browsers ({@code stun:host:port}, {@code turn:host:port?transport=tcp},
 *     {@code turns:host:port})
 * @param turn how browsers get credentials for the {@code turn:}/{@code turns:} URLs
 * @param relayOnly browsers are told {@code iceTransportPolicy: "relay"} (media only through TURN)
 */
public record WebRtcConfig(int port, Optional<String> publicAddress, List<String> iceServers, TurnConfig turn,
        boolean relayOnly) {
    public WebRtcConfig {
        Checks.port("webrtc.port", port, true);
        if (publicAddress == null) {
            throw new IllegalArgumentException("webrtc.public-address must not be null");
        }
        if (publicAddress.filter(a -> a.equals("0.0.0.0") || a.equals("::")).isPresent()) {
            throw new IllegalArgumentException("webrtc.public-address must be an address browsers can reach, not a wildcard");
        }
        iceServers = List.copyOf(iceServers);
        if (turn == null) {
            throw new IllegalArgumentException("turn must not be null");
        }
    }

    public WebRtcConfig(int port, Optional<String> publicAddress, List<String> iceServers) {
        this(port, publicAddress, iceServers, TurnConfig.NONE, false);
    }
}
