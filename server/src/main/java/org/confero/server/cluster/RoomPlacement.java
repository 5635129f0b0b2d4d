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
    // The choice and the claim in one atomic step, so placements from every node at once still spread: the least
    // loaded live node (participants + rooms held; then CPU, then id) gets the room and its room count goes up at
    // once. KEYS[1] room key, KEYS[2] node set; ARGV[1] owner seen ('' = none), ARGV[2] lease ms, ARGV[3] now ms,
    // ARGV[4] node timeout ms. Returns the owner after the call, '' when no node is alive.
    private static final String CLAIM = """
            local current = redis.call('GET', KEYS[1])
            if current == false then current = '' end
            if current ~= ARGV[1] then return current end
            local oldest = tonumber(ARGV[3]) - tonumber(ARGV[4])
            local best, bestScore, bestCpu
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
              local f = redis.call('HMGET', 'confero:node:' .. id, 'seen', 'participants', 'rooms', 'cpu')
              if f[1] and tonumber(f[1]) >= oldest then
                local score = (tonumber(f[2]) or 0) + (tonumber(f[3]) or 0)
                local cpu = tonumber(f[4]) or 0
                if best == nil or score < bestScore or (score == bestScore and (cpu < bestCpu
                    or (cpu == bestCpu and id < best))) then
                  best, bestScore, bestCpu = id, score, cpu
                end
              elseif not f[1] then
                redis.call('SREM', KEYS[2], id)
              end
            end
            if best == nil then return '' end
            redis.call('SET', KEYS[1], best, 'PX', ARGV[2])
            redis.call('HINCRBY', 'confero:node:' .. best, 'rooms', 1)
            return best
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
            Object claimed = redis.eval(CLAIM, List.of(key, ClusterKeys.NODES), List.of(seen,
                    String.valueOf(ClusterKeys.ROOM_LEASE.toMillis()), String.valueOf(nowMillis),
                    String.valueOf(ClusterKeys.NODE_TIMEOUT.toMillis())));
            String owner = claimed == null ? "" : claimed.toString();
            if (owner.isEmpty()) {
                return Optional.empty();
            }
            Optional<NodeInfo> placed = nodes.live(owner, nowMillis);
            if (placed.isPresent()) {
                return placed;
            }
            // the owner named died between the claim and this read: look again
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
