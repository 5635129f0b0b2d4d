package org.confero.server.cluster;

import java.util.Optional;

/** Where a room is held: here, or on another node of the cluster that joins for it are sent to. */
@FunctionalInterface
public interface RoomHome {
    /** A single node holds every room itself. */
    RoomHome SINGLE_NODE = roomId -> Optional.empty();

    /**
     * Places the room if nobody holds it yet.
     *
     * @return empty when this node holds the room (now), else the node that does
     */
    Optional<NodeInfo> elsewhere(String roomId);
}
