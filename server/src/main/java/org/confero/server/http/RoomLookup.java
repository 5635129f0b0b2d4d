package org.confero.server.http;

import java.util.Optional;

/** Room information for the HTTP API, implemented by the rooms service. */
@FunctionalInterface
public interface RoomLookup {
    /** The room with this id and its current participant count; empty when there is none. */
    Optional<RoomInfo> find(String roomId);
}
