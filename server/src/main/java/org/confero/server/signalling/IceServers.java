package org.confero.server.signalling;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.confero.server.config.TurnConfig;

/**
 * The {@code iceServers} a browser gets when it joins: every STUN URL as is, every TURN URL with credentials made
 * for that participant (coturn's REST API scheme), so no long-lived TURN password ever reaches a browser.
 */
public final class IceServers {
    private final List<String> urls;
    private final TurnConfig turn;
    private final boolean relayOnly;
    private final Clock clock;

    public IceServers(List<String> urls, TurnConfig turn, boolean relayOnly, Clock clock) {
        this.urls = List.copyOf(urls);
        this.turn = turn;
        this.relayOnly = relayOnly;
        this.clock = clock;
    }

    /** For servers without a TURN secret: the URLs alone. */
    public static IceServers withoutCredentials(List<String> urls) {
        return new IceServers(urls, TurnConfig.NONE, false, Clock.systemUTC());
    }

    /** The entries for one join; TURN URLs get credentials valid for the configured time from now. */
    public List<ServerMessage.IceServer> forParticipant(String participantId) {
        TurnCredentials credentials = turn.enabled()
                ? TurnCredentials.issue(turn.sharedSecret(), participantId, clock.instant(),
                        java.time.Duration.ofSeconds(turn.credentialTtlSeconds()))
                : null;
        List<ServerMessage.IceServer> servers = new ArrayList<>(urls.size());
        for (String url : urls) {
            boolean isTurn = url.toLowerCase(Locale.ROOT).startsWith("turn");
            servers.add(isTurn && credentials != null
                    ? new ServerMessage.IceServer(url, credentials.username(), credentials.password())
                    : new ServerMessage.IceServer(url));
        }
        return servers;
    }

    /** RTCConfiguration.iceTransportPolicy. */
    public String transportPolicy() {
        return relayOnly ? "relay" : "all";
    }
}
