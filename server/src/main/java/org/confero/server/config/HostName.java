package org.confero.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The machine's host name, the default SIP domain when Confero binds to every address. */
final class HostName {
    private HostName() {}

    static String local() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
