package org.confero.server.cluster;

import java.time.Duration;

/** The names and lifetimes of what Confero keeps in the cluster's Redis (also read by deploy/kamailio/). */
public final class ClusterKeys {
    /** Set of the ids of nodes that have published; members whose hash is gone are pruned by readers. */
    public static final String NODES = "confero:nodes";
    /** How often a node publishes its load and refreshes its rooms. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** A node whose entry is older than this is dead; its hash expires after it. */
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How long a room stays placed without its owner refreshing it: longer than a heartbeat so a live room never
     * lapses, and placement takes a dead owner's rooms over before this anyway (it checks the owner's liveness).
     */
    public static final Duration ROOM_LEASE = Duration.ofSeconds(10);

    private ClusterKeys() {}

    /** Hash of one node: addresses, load, rooms, last-seen time. */
    public static String node(String nodeId) {
        return "confero:node:" + nodeId;
    }

    /** String holding the id of the node a room is placed on. */
    public static String room(String roomId) {
        return "confero:room:" + roomId;
    }
}
