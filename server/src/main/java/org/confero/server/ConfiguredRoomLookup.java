package org.confero.server;

import java.util.Optional;
import org.confero.server.cluster.RoomHome;
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

    private final RoomHome home;

    ConfiguredRoomLookup(RoomDirectory rooms, ConferenceMedia media, ConferoConfig config, RoomHome home) {
        this.home = home;
        this.rooms = rooms;
        this.media = media;
        this.dialIn = DialIn.of(config);
    }

    @Override
    public Optional<RoomInfo> find(String roomId) {
        return rooms.find(roomId).map(room -> {
            // the browser's first look at a room places it, like a phone's INVITE: the join that follows goes there
            String moveTo = home.elsewhere(room.id()).map(owner -> owner.httpUrl() + "/r/" + room.id()).orElse(null);
            return new RoomInfo(room.id(), room.displayName(), room.pin().isPresent(),
                    moveTo == null ? media.participantCount(room.id()) : 0, dialIn.sipUri(room.id()),
                    room.hostPin().isPresent(), moveTo);
        });
    }
}
