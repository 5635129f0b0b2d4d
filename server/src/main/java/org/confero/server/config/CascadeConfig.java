package org.confero.server.config;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One room spread over several Confero nodes: each node mixes its own participants and exchanges one mixed stream
 * per direction with the room's home node. Configured statically: every node names itself, knows its peers, and
 * each cascaded room names its home node ({@code room.<id>.cascade-home}).
 *
 * @param nodeId {@code cluster.cascade.node-id}: this node's name among its peers; empty = cascading is off
 * @param secret {@code cluster.cascade.secret}: the key every link request between nodes is signed with
 * @param peers {@code cluster.cascade.peers}: node id → base URL of its HTTP listener (an IP literal: a link
 *     request is accepted only from the IP its node id names)
 * @param linkAddress the address this node's end of a link receives RTP on, announced to the peer
 * @param roomHomes room id → the node id that is its home
 */
public record CascadeConfig(String nodeId, String secret, Map<String, URI> peers, String linkAddress,
        Map<String, String> roomHomes) {
    public static final CascadeConfig OFF = new CascadeConfig("", "", Map.of(), "", Map.of());
    /** A secret shorter than this is refused: it signs requests that open media ports. */
    static final int MIN_SECRET = 16;

    public CascadeConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(linkAddress, "linkAddress");
        peers = Map.copyOf(peers);
        roomHomes = Map.copyOf(roomHomes);
        if (!nodeId.isEmpty()) {
            if (secret.length() < MIN_SECRET) {
                throw new IllegalArgumentException("cluster.cascade.secret must be at least " + MIN_SECRET
                        + " characters when cluster.cascade.node-id is set");
            }
            if (linkAddress.isEmpty() || ConfigLoader.isWildcard(linkAddress)) {
                throw new IllegalArgumentException("cluster.cascade.address must be an address the peers reach"
                        + " (set it when bind is a wildcard)");
            }
            for (Map.Entry<String, String> home : roomHomes.entrySet()) {
                if (!home.getValue().equals(nodeId) && !peers.containsKey(home.getValue())) {
                    throw new IllegalArgumentException("room." + home.getKey() + ".cascade-home names node '"
                            + home.getValue() + "', which is neither this node nor in cluster.cascade.peers");
                }
            }
        } else if (!roomHomes.isEmpty()) {
            throw new IllegalArgumentException("room." + roomHomes.keySet().iterator().next()
                    + ".cascade-home needs cluster.cascade.node-id");
        }
    }

    public boolean enabled() {
        return !nodeId.isEmpty();
    }

    /** The home node's id when {@code roomId} is cascaded and another node is its home. */
    public Optional<String> remoteHomeOf(String roomId) {
        return Optional.ofNullable(roomHomes.get(roomId)).filter(home -> !home.equals(nodeId));
    }

    /** True when this node is the home of the room (or the room is not cascaded at all). */
    public boolean isHomeOf(String roomId) {
        return remoteHomeOf(roomId).isEmpty();
    }

    @Override
    public String toString() {
        return "CascadeConfig[nodeId=" + nodeId + ", secret=" + (secret.isEmpty() ? "(none)" : EffectiveConfig.MASK)
                + ", peers=" + peers + ", linkAddress=" + linkAddress + ", roomHomes=" + roomHomes + "]";
    }
}
