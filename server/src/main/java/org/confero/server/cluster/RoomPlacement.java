package org.confero.server.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Which node holds a room. The first join anywhere places the room on the least loaded live node with one atomic
 * compare-and-set (the key is set only if absent or still naming the dead owner that was seen), so two nodes
 * placing the same room at once agree on one owner. The owner keeps the placement alive by refreshing its lease;
 * a dead owner's rooms are taken over as soon as its node entry is gone (at most {@link ClusterKeys#NODE_TIMEOUT}).
 */
public final class RoomPlacement {
    // KEYS[1] room key, KEYS[2] chosen node's hash; ARGV[1] chosen node, ARGV[2] owner seen ('' = none),
    // ARGV[3] lease ms. Returns the owner after the call.
    private static final String CLAIM = """
            local current = redis.call('GET', KEYS[1])
            if current == false then current = '' end
            if current ~= ARGV[2] then return current end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('HINCRBY', KEYS[2], 'rooms', 1) end
            return ARGV[1]
            """;
    // Refresh or release only what this node still owns. KEYS = room keys; ARGV[1] node, ARGV[2] lease ms (0 = release)
    private static final String OWNED = """
            local n = 0
            for _, key in ipairs(KEYS) do
              if redis.call('GET', key) == ARGV[1] then
                if ARGV[2] == '0' then redis.call('DEL', key) else redis.call('PEXPIRE', key, ARGV[2]) end
                n = n + 1
              end
            end
            return n
            """;
    private static final int ATTEMPTS = 4;

    private final UnifiedJedis redis;
    private final NodeRegistry nodes;

    public RoomPlacement(UnifiedJedis redis, NodeRegistry nodes) {
        this.redis = redis;
        this.nodes = nodes;
    }

    /**
     * The live node that holds {@code roomId}, placing the room on the least loaded live node when it has no live
     * owner. Empty when no node is alive (not even the caller, which should publish itself first).
     */
    public Optional<NodeInfo> ownerOf(String roomId, long nowMillis) {
        String key = ClusterKeys.room(roomId);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String seen = Optional.ofNullable(redis.get(key)).orElse("");
            if (!seen.isEmpty()) {
                Optional<NodeInfo> owner = nodes.live(seen, nowMillis);
                if (owner.isPresent()) {
                    return owner;
                }
            }
            List<NodeInfo> live = nodes.liveNodes(nowMillis);
            if (live.isEmpty()) {
                return Optional.empty();
            }
            NodeInfo chosen = live.get(0);
            Object winner = redis.eval(CLAIM, List.of(key, ClusterKeys.node(chosen.id())),
                    List.of(chosen.id(), seen, String.valueOf(ClusterKeys.ROOM_LEASE.toMillis())));
            if (chosen.id().equals(winner)) {
                return Optional.of(chosen);
            }
            // another node placed it between our read and our claim: read its choice on the next round
        }
        return Optional.empty();
    }

    /** The room's owner id as stored, live or not (for tests and operators). */
    public Optional<String> storedOwner(String roomId) {
        return Optional.ofNullable(redis.get(ClusterKeys.room(roomId)));
    }

    /** Extends the lease of the rooms in {@code roomIds} that {@code nodeId} still holds; returns how many. */
    public int refresh(String nodeId, Collection<String> roomIds) {
        return owned(nodeId, roomIds, ClusterKeys.ROOM_LEASE.toMillis());
    }

    /** Frees the rooms in {@code roomIds} that {@code nodeId} still holds (clean shutdown); returns how many. */
    public int release(String nodeId, Collection<String> roomIds) {
        return owned(nodeId, roomIds, 0);
    }

    private int owned(String nodeId, Collection<String> roomIds, long leaseMillis) {
        if (roomIds.isEmpty()) {
            return 0;
        }
        List<String> keys = new ArrayList<>();
        roomIds.forEach(id -> keys.add(ClusterKeys.room(id)));
        Object n = redis.eval(OWNED, keys, List.of(nodeId, String.valueOf(leaseMillis)));
        return n instanceof Long count ? count.intValue() : 0;
    }
}
