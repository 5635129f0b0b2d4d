package org.confero.server;

import java.util.ArrayList;
import java.util.List;
import org.confero.server.config.ConferoConfig;
import org.confero.server.net.AnnouncedAddress;
import org.confero.server.webrtc.WebRtcGateway;

/** What the start-up log says about the addresses peers are told to send media to, and why. */
final class AnnouncedLines {
    private AnnouncedLines() {}

    static List<String> of(ConferoConfig config, WebRtcGateway webrtc) {
        String bind = config.bindAddress();
        boolean wildcard = AnnouncedAddress.isWildcard(bind);
        List<String> lines = new ArrayList<>();
        if (webrtc != null) {
            String why = config.webrtc().publicAddress().isPresent() ? "webrtc.public-address"
                    : wildcard ? "default route's interface; set webrtc.public-address behind NAT" : "bind address";
            lines.add("WebRTC " + webrtc.advertisedAddress() + ":" + webrtc.localPort() + " in browsers' ICE candidates ("
                    + why + ")");
        }
        if (config.media().publicAddress().isPresent()) {
            lines.add("SIP    " + config.media().publicAddress().get() + " in calls' SDP (media.public-address)");
        } else if (wildcard) {
            lines.add("SIP    the address of the interface each call arrives on in calls' SDP (default route: "
                    + AnnouncedAddress.defaultRouteAddress().orElse("none") + "; set media.public-address behind NAT)");
        } else {
            lines.add("SIP    " + bind + " in calls' SDP (bind address)");
        }
        return lines;
    }
}
