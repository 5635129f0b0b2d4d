package org.confero.server;

import java.util.Optional;
import org.confero.server.config.ConferoConfig;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.http.RoomInfo;
import org.confero.server.http.RoomLookup;
import org.confero.server.rooms.DialIn;
import org.confero.server.rooms.RoomDirectory;

/**
 * What the join page learns about a room, configured or hosted: its name, whether it needs a PIN, who is in it, how
 * to dial in.
 */
final class ConfiguredRoomLookup implements RoomLookup {
    private final RoomDirectory rooms;
    private final ConferenceMedia media;
    private final DialIn dialIn;

    ConfiguredRoomLookup(RoomDirectory rooms, ConferenceMedia media, ConferoConfig config) {
        this.rooms = rooms;
        this.media = media;
        this.dialIn = DialIn.of(config);
    }

    @Override
    public Optional<RoomInfo> find(String roomId) {
        return rooms.find(roomId).map(room -> new RoomInfo(room.id(), room.displayName(), room.pin().isPresent(),
                media.participantCount(room.id()), dialIn.sipUri(room.id()), room.hostPin().isPresent()));
    }
}
