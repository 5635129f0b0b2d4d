package org.confero.server.config;

final class Checks {
    private Checks() {}

    static void port(String name, int port, boolean zeroMeansOff) {
        int min = zeroMeansOff ? 0 : 1;
        if (port < min || port > 65_535) {
            throw new IllegalArgumentException(name + " must be " + min + "-65535, was " + port);
        }
    }

    static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
