package org.confero.server.webrtc;

/**
 * A snapshot of one WebRTC session's packet counters.
 *
 * @param packetsReceived SRTP/SRTCP packets that authenticated and were handed to the {@link MediaHandler}
 * @param packetsSent packets protected and sent
 * @param srtpAuthFailures received packets with a bad authentication tag (tampered or not ours)
 * @param srtpReplays received packets dropped as replays or too old
 * @param receiveDrops received datagrams of no known kind, malformed, or before the keys were ready
 * @param sendDrops outgoing packets dropped: not connected, every send slot busy, oversize, or socket error
 */
public record SessionStats(long packetsReceived, long packetsSent, long srtpAuthFailures, long srtpReplays,
                           long receiveDrops, long sendDrops) {}
