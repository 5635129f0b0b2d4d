package org.confero.server.conference;

import org.confero.mixer.codec.AudioCodec;

/**
 * What the server can tell about one leg right now, for operators and host controls.
 *
 * @param sending the mix flows to the participant (not on hold, admitted)
 * @param receiving the participant's voice reaches the mix (not on hold, admitted, not muted)
 * @param rtpPackets RTP packets accepted for this leg (its SSRC, a negotiated payload type)
 * @param rtcpPackets RTCP compound packets that parsed
 * @param video the leg's video counters ({@link VideoStats#NONE} without video)
 */
public record LegView(String roomId, String participantId, String displayName, ParticipantKind kind,
        AudioCodec codec, int payloadType, boolean sending, boolean receiving, boolean admitted, boolean muted,
        long rtpPackets, long rtcpPackets, LegStats stats, VideoStats video) {}
