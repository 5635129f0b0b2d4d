package org.confero.server.conference;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The streams we send to one leg: one SSRC per media kind and one CNAME for them all (RFC 3550 §6.5.1: a
 * receiver ties the audio and video of one sender together by CNAME for lip sync). Chosen once, before the
 * answer that announces them, and used unchanged by the leg's RTP and RTCP, so report blocks match.
 */
public record LocalStreams(long audioSsrc, long videoSsrc, String cname) {
    public LocalStreams {
        Objects.requireNonNull(cname, "cname");
        if (audioSsrc <= 0 || audioSsrc > 0xFFFF_FFFFL || videoSsrc <= 0 || videoSsrc > 0xFFFF_FFFFL
                || audioSsrc == videoSsrc) {
            throw new IllegalArgumentException("SSRCs must be distinct, non-zero 32-bit values");
        }
        if (cname.isEmpty() || cname.length() > 255) {
            throw new IllegalArgumentException("CNAME length out of range");
        }
    }

    /** Fresh random SSRCs (RFC 3550 §8.1) and a random CNAME that reveals nothing about the server. */
    public static LocalStreams random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long audio = r.nextLong(1, 0x1_0000_0000L);
        long video;
        do {
            video = r.nextLong(1, 0x1_0000_0000L);
        } while (video == audio);
        return new LocalStreams(audio, video, Long.toHexString(r.nextLong() & Long.MAX_VALUE));
    }
}
