package org.confero.server.rooms;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.confero.server.config.RoomConfig;

/**
 * The rooms that exist, by id: the configuration file's rooms (read-only) and, beside them, the rooms hosts keep in
 * the database. A configured room wins when both have an id (the API refuses such slugs anyway).
 */
public final class RoomDirectory {
    /** Where hosted rooms are looked up; the SIP focus and the WebSocket join ask it on every new participant. */
    @FunctionalInterface
    public interface HostedRooms {
        Optional<Room> find(String id);
    }

    private static final HostedRooms NONE = id -> Optional.empty();

    private final Map<String, Room> configured;
    private final HostedRooms hosted;

    private RoomDirectory(Map<String, Room> configured, HostedRooms hosted) {
        this.configured = configured;
        this.hosted = hosted;
    }

    public static RoomDirectory of(List<RoomConfig> configured) {
        return of(configured, NONE);
    }

    public static RoomDirectory of(List<RoomConfig> configured, HostedRooms hosted) {
        Map<String, Room> rooms = new LinkedHashMap<>();
        for (RoomConfig c : configured) {
            rooms.put(c.id(), new Room(c.id(), c.displayName(), c.pin(), c.maxParticipants(),
                    c.requireEncryption()));
        }
        return new RoomDirectory(Map.copyOf(rooms), hosted);
    }

    public static RoomDirectory of(Room... rooms) {
        Map<String, Room> map = new LinkedHashMap<>();
        for (Room r : rooms) {
            map.put(r.id(), r);
        }
        return new RoomDirectory(Map.copyOf(map), NONE);
    }

    public Optional<Room> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Room room = configured.get(id);
        return room != null ? Optional.of(room) : hosted.find(id);
    }

    /** Whether the configuration file defines this id (hosted rooms cannot take it). */
    public boolean isConfigured(String id) {
        return configured.containsKey(id);
    }

    /** The configured rooms (hosted ones are listed through the API). */
    public Collection<Room> all() {
        return configured.values();
    }
}
