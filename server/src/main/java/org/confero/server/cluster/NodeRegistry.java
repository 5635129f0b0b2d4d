package org.confero.server.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * The cluster's nodes in Redis: each node's hash ({@link ClusterKeys#node}) expires {@link ClusterKeys#NODE_TIMEOUT}
 * after its last heartbeat, so a node that dies without a word disappears by itself; a node is also dead to readers
 * once its last-seen time is older than that (a hash that somehow lost its expiry).
 */
public final class NodeRegistry {
    // One round trip, atomic: the hash, its expiry and the membership never disagree.
    private static final String PUBLISH = """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 3))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            redis.call('SADD', KEYS[2], ARGV[2])
            return 1
            """;

    private final UnifiedJedis redis;

    public NodeRegistry(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** Publishes (or refreshes) a node's entry, replacing every field. */
    public void publish(NodeInfo node) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(ClusterKeys.NODE_TIMEOUT.toMillis()));
        args.add(node.id());
        for (Map.Entry<String, String> field : node.toHash().entrySet()) {
            args.add(field.getKey());
            args.add(field.getValue());
        }
        redis.eval(PUBLISH, List.of(ClusterKeys.node(node.id()), ClusterKeys.NODES), args);
    }

    /** Removes a node's entry (clean shutdown). */
    public void remove(String nodeId) {
        redis.del(ClusterKeys.node(nodeId));
        redis.srem(ClusterKeys.NODES, nodeId);
    }

    /** The node if it is alive at {@code nowMillis}. */
    public Optional<NodeInfo> live(String nodeId, long nowMillis) {
        return NodeInfo.fromHash(nodeId, redis.hgetAll(ClusterKeys.node(nodeId)))
                .filter(n -> nowMillis - n.seenMillis() <= ClusterKeys.NODE_TIMEOUT.toMillis());
    }

    /** Every live node, least loaded first (ties by CPU, then id), as placement ranks them. */
    public List<NodeInfo> liveNodes(long nowMillis) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (String id : redis.smembers(ClusterKeys.NODES)) {
            Optional<NodeInfo> node = live(id, nowMillis);
            if (node.isPresent()) {
                nodes.add(node.get());
            } else if (!redis.exists(ClusterKeys.node(id))) {
                redis.srem(ClusterKeys.NODES, id); // its hash expired: the node died
            }
        }
        nodes.sort(Comparator.comparingLong(NodeInfo::score).thenComparingInt(n -> n.load().cpuPercent())
                .thenComparing(NodeInfo::id));
        return nodes;
    }
}
