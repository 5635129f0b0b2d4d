package org.confero.server.sdp;

import java.util.Objects;

/** A {@code c=} line (RFC 4566 §5.7); only IN is accepted. */
public record Connection(String addressType, String address) {
    public Connection {
        Objects.requireNonNull(addressType, "addressType");
        Objects.requireNonNull(address, "address");
        if (!addressType.equals("IP4") && !addressType.equals("IP6")) {
            throw new IllegalArgumentException("address type must be IP4 or IP6: " + addressType);
        }
    }

    public static Connection ip4(String address) {
        return new Connection("IP4", address);
    }

    String line() {
        return "c=IN " + addressType + " " + address;
    }
}
