package org.confero.server.rooms;

import org.confero.server.config.ConferoConfig;
import org.confero.server.config.ConfigLoader;

/** The SIP address phones dial for a room: {@code sip:<id>@<domain or bind address>[:port]}. */
public record DialIn(String hostPart) {
    public static DialIn of(ConferoConfig config) {
        int port = config.sip().port();
        String host = ConfigLoader.isWildcard(config.bindAddress()) ? config.sip().domain() : config.bindAddress();
        return new DialIn(host + (port == 5060 ? "" : ":" + port));
    }

    public String sipUri(String roomId) {
        return "sip:" + roomId + "@" + hostPart;
    }
}
