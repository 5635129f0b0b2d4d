package org.confero.server.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One node as the cluster sees it: its id, where it is reached, its load and the rooms it holds.
 *
 * @param rooms rooms held by the node: counted by the node each heartbeat and raised at once by every placement
 *     on it, so placements between two heartbeats spread instead of all choosing the same node
 * @param seenMillis when the node last published (its wall clock)
 */
public record NodeInfo(String id, String sipAddress, String httpUrl, String mediaAddress, NodeLoad load, int rooms,
        long seenMillis) {

    /**
     * The figure placement minimises (see {@link RoomPlacement}): participants and rooms held, a new room soon having
     * participants; CPU only breaks ties.
     */
    public long score() {
        return (long) load.participants() + rooms;
    }

    Map<String, String> toHash() {
        Map<String, String> hash = new HashMap<>();
        hash.put("sip", sipAddress);
        hash.put("http", httpUrl);
        hash.put("media", mediaAddress);
        hash.put("participants", String.valueOf(load.participants()));
        hash.put("talkers", String.valueOf(load.talkers()));
        hash.put("encoders", String.valueOf(load.encoders()));
        hash.put("cpu", String.valueOf(load.cpuPercent()));
        hash.put("rooms", String.valueOf(rooms));
        hash.put("seen", String.valueOf(seenMillis));
        return hash;
    }

    /** The node read back from its hash; empty when the hash is gone or incomplete (a dead or foreign entry). */
    static Optional<NodeInfo> fromHash(String id, Map<String, String> hash) {
        if (hash == null || !hash.containsKey("seen") || !hash.containsKey("sip") || !hash.containsKey("http")) {
            return Optional.empty();
        }
        try {
            NodeLoad load = new NodeLoad(number(hash, "participants"), number(hash, "talkers"),
                    number(hash, "encoders"), number(hash, "cpu"));
            return Optional.of(new NodeInfo(id, hash.get("sip"), hash.get("http"), hash.getOrDefault("media", ""),
                    load, number(hash, "rooms"), Long.parseLong(hash.get("seen"))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int number(Map<String, String> hash, String field) {
        String value = hash.get(field);
        return value == null ? 0 : Integer.parseInt(value);
    }
}
