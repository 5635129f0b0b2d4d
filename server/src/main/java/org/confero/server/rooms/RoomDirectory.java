package org.confero.server.rooms;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.confero.server.config.RoomConfig;

/** The rooms that exist, by id. Today they come from the configuration; scheduled rooms will join them. */
public final class RoomDirectory {
    private final Map<String, Room> rooms;

    private RoomDirectory(Map<String, Room> rooms) {
        this.rooms = rooms;
    }

    public static RoomDirectory of(List<RoomConfig> configured) {
        Map<String, Room> rooms = new LinkedHashMap<>();
        for (RoomConfig c : configured) {
            rooms.put(c.id(), new Room(c.id(), c.displayName(), c.pin(), c.maxParticipants(),
                    c.requireEncryption()));
        }
        return new RoomDirectory(Map.copyOf(rooms));
    }

    public static RoomDirectory of(Room... rooms) {
        Map<String, Room> map = new LinkedHashMap<>();
        for (Room r : rooms) {
            map.put(r.id(), r);
        }
        return new RoomDirectory(Map.copyOf(map));
    }

    public Optional<Room> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(rooms.get(id));
    }

    public Collection<Room> all() {
        return rooms.values();
    }
}
