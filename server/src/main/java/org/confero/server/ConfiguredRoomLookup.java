package org.confero.server;

import java.util.Optional;
import org.confero.server.config.ConferoConfig;
import org.confero.server.config.ConfigLoader;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.http.RoomInfo;
import org.confero.server.http.RoomLookup;
import org.confero.server.rooms.RoomDirectory;

/** What the join page learns about a room: its name, whether it needs a PIN, who is in it, how to dial in. */
final class ConfiguredRoomLookup implements RoomLookup {
    private final RoomDirectory rooms;
    private final ConferenceMedia media;
    private final String dialHost;

    ConfiguredRoomLookup(RoomDirectory rooms, ConferenceMedia media, ConferoConfig config) {
        this.rooms = rooms;
        this.media = media;
        int port = config.sip().port();
        String host = ConfigLoader.isWildcard(config.bindAddress()) ? config.sip().domain() : config.bindAddress();
        this.dialHost = host + (port == 5060 ? "" : ":" + port);
    }

    @Override
    public Optional<RoomInfo> find(String roomId) {
        return rooms.find(roomId).map(room -> new RoomInfo(room.id(), room.displayName(), room.pin().isPresent(),
                media.participantCount(room.id()), "sip:" + room.id() + "@" + dialHost));
    }
}
