package org.confero.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.confero.server.guard.SampledLog;
import org.confero.server.rooms.HostedRoom;
import org.confero.server.rooms.Room;
import org.confero.server.rooms.Slug;
import org.confero.server.store.RoomRepository;
import org.confero.server.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosted rooms for the SIP focus and the WebSocket join. Ids that cannot be slugs never reach the database (a caller
 * dialling garbage costs nothing); a database failure reads as "no such room" and is logged, sampled.
 */
final class HostedRoomLookup {
    private static final Logger LOG = LoggerFactory.getLogger(HostedRoomLookup.class);

    private final RoomRepository rooms;
    private final SampledLog failures = new SampledLog(LOG, 10_000);

    private final Duration grace;

    /** @param grace how long before an occurrence people enter: a join then belongs to the coming occurrence */
    HostedRoomLookup(RoomRepository rooms, Duration grace) {
        this.rooms = rooms;
        this.grace = grace;
    }

    Optional<Room> find(String id) {
        if (Slug.problem(id) != null) {
            return Optional.empty();
        }
        try {
            return rooms.find(id).map(r -> r.asRoom(Instant.now(), grace));
        } catch (StorageException e) {
            failures.warn(System.currentTimeMillis(), "room {} lookup failed: {}", id, e.getMessage());
            return Optional.empty();
        }
    }
}
