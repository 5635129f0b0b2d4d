package org.confero.server;

import java.util.ArrayList;
import java.util.List;
import org.confero.server.config.ConferoConfig;
import org.confero.server.config.ConfigLoader;
import org.confero.server.config.RoomConfig;

/**
 * One line per listening address, saying how to reach a room through it. When Confero binds to every address the
 * dial-in host is the SIP domain, otherwise the bind address.
 */
final class ListeningLines {
    private ListeningLines() {}

    static List<String> of(ConferoConfig config) {
        String bind = config.bindAddress();
        String host = ConfigLoader.isWildcard(bind) ? config.sip().domain() : bind;
        String room = config.rooms().stream().map(RoomConfig::id).findFirst().orElse("<room>");
        int sipPort = config.sip().port();
        String sipUri = "sip:" + room + "@" + host + (sipPort == 5060 ? "" : ":" + sipPort);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("SIP    udp %s  -> dial %s", hostPort(bind, sipPort), sipUri));
        lines.add(String.format("SIP    tcp %s  -> dial %s;transport=tcp", hostPort(bind, sipPort), sipUri));
        int tlsPort = config.sip().tlsPort();
        if (tlsPort != 0) {
            String secure = "sips:" + room + "@" + host + (tlsPort == 5061 ? "" : ":" + tlsPort);
            lines.add(String.format("SIP    tls %s  -> dial %s (or sip:...;transport=tls)", hostPort(bind, tlsPort),
                    secure));
        }
        if (config.http().port() != 0) {
            lines.add("HTTP   http://" + hostPort(host, config.http().port()) + "/r/" + room);
        }
        if (config.http().httpsPort() != 0) {
            lines.add("HTTPS  https://" + hostPort(host, config.http().httpsPort()) + "/r/" + room);
        }
        if (config.webrtc().port() != 0) {
            lines.add("WebRTC udp " + hostPort(bind, config.webrtc().port()) + "  (media of every browser)");
        }
        return lines;
    }

    private static String hostPort(String host, int port) {
        boolean ipv6 = host.contains(":") && !host.startsWith("[");
        return (ipv6 ? "[" + host + "]" : host) + ":" + port;
    }
}
