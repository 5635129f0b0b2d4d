package org.confero.server.webrtc.dtls;

import java.util.Hashtable;

final class TlsExtensionsHelper {
    private TlsExtensionsHelper() {}

    @SuppressWarnings("rawtypes")
    static Hashtable orEmpty(Hashtable extensions) {
        return extensions == null ? new Hashtable() : extensions;
    }
}
