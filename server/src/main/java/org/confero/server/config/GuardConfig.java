package org.confero.server.config;

import java.util.List;

/**
 * Built-in protection against floods and guessing (Kamailio's pike/ratelimit and Asterisk's strictrtp as models).
 * Rates are per source address and per second; a token bucket allows bursts of twice the rate.
 *
 * @param sipInviteRate new INVITEs per second from one source
 * @param sipRegisterRate REGISTERs per second from one source
 * @param sipRequestRate any other SIP request per second from one source (ACK, BYE and CANCEL are never limited)
 * @param wsJoinRate WebSocket joins per second from one source
 * @param floodStrikes refused requests from one source within {@code floodWindowSeconds} that get it banned
 * @param floodWindowSeconds the window the strikes are counted in
 * @param banSeconds how long a banned source's SIP requests are dropped and its joins refused
 * @param maxSources sources tracked at once (rates, strikes, bans); the least recently seen are forgotten
 * @param pinFailures wrong PINs from one source (SIP and WebSocket together) within 10 minutes that get it banned
 * @param pinRoomRatePerMinute PIN attempts one room accepts per minute from everyone together
 * @param lobbyPerRoom callers waiting for a room's PIN at once
 * @param lobbyPerSource callers from one source waiting for a PIN at once (all rooms)
 * @param authUserFailures failed logins of one user (all sources) within the lock-out time that lock the user
 * @param latchPackets in-sequence RTP packets from one source before a leg whose SDP address is unreachable
 *     (NAT) latches onto that source
 * @param latchAnySource let such a leg latch onto any IP, not only the one its SIP signalling came from
 * @param exemptSources addresses never rate-limited or banned (a trusted proxy in front of us)
 */
public record GuardConfig(int sipInviteRate, int sipRegisterRate, int sipRequestRate, int wsJoinRate,
        int floodStrikes, int floodWindowSeconds, int banSeconds, int maxSources, int pinFailures,
        int pinRoomRatePerMinute, int lobbyPerRoom, int lobbyPerSource, int authUserFailures, int latchPackets,
        boolean latchAnySource, List<String> exemptSources) {
    public static final GuardConfig DEFAULTS = new GuardConfig(10, 5, 50, 5, 100, 10, 600, 10_000, 10, 30, 20, 5,
            20, 3, false, List.of());

    public GuardConfig {
        exemptSources = List.copyOf(exemptSources);
        Checks.positive("guard.sip-invite-rate", sipInviteRate);
        Checks.positive("guard.sip-register-rate", sipRegisterRate);
        Checks.positive("guard.sip-request-rate", sipRequestRate);
        Checks.positive("guard.ws-join-rate", wsJoinRate);
        Checks.positive("guard.flood-strikes", floodStrikes);
        Checks.positive("guard.flood-window", floodWindowSeconds);
        Checks.positive("guard.ban-time", banSeconds);
        Checks.positive("guard.max-sources", maxSources);
        Checks.positive("guard.pin-failures", pinFailures);
        Checks.positive("guard.pin-room-rate", pinRoomRatePerMinute);
        Checks.positive("guard.lobby-per-room", lobbyPerRoom);
        Checks.positive("guard.lobby-per-source", lobbyPerSource);
        Checks.positive("guard.auth-user-failures", authUserFailures);
        if (latchPackets < 1 || latchPackets > 100) {
            throw new IllegalArgumentException("guard.rtp-latch-packets must be 1-100");
        }
        if (maxSources > 1_000_000) {
            throw new IllegalArgumentException("guard.max-sources must be at most 1000000");
        }
    }
}
