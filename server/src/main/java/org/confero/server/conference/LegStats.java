package org.confero.server.conference;

/** A snapshot of one leg's media counters (RFC 3550 §6.4 terms where they apply). */
public record LegStats(
        long packetsReceived,
        long packetsLost,
        long packetsDropped,
        double jitterMillis,
        long packetsSent,
        long bytesSent,
        long dtmfDigits) {}
