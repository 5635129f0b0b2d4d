package org.confero.server.sip;

import java.util.concurrent.ThreadLocalRandom;

/** Random tokens for To/From tags (RFC 3261 §19.3: at least 32 bits of randomness). */
final class Tags {
    private Tags() {}

    static String next() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
}
