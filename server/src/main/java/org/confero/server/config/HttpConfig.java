package org.confero.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * @param port plain HTTP port (0 = off)
 * @param httpsPort HTTPS port (0 = off)
 * @param keystore PKCS#12 keystore to serve HTTPS with; empty = a self-signed certificate generated in the data
 *     directory at first start
 * @param keystorePassword password of {@code keystore} (never logged)
 */
public record HttpConfig(int port, int httpsPort, Optional<Path> keystore, String keystorePassword) {
    public HttpConfig {
        Checks.port("http.port", port, true);
        Checks.port("http.https-port", httpsPort, true);
        if (keystore == null) {
            throw new IllegalArgumentException("http.keystore must not be null");
        }
        if (keystorePassword == null) {
            throw new IllegalArgumentException("http.keystore-password must not be null");
        }
    }

    @Override
    public String toString() {
        return "HttpConfig[port=" + port + ", httpsPort=" + httpsPort + ", keystore=" + keystore + "]";
    }
}
