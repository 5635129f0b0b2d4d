package org.confero.server.conference;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.confero.mixer.video.VideoCodec;

/**
 * The video of one leg as offer/answer settled it.
 *
 * @param payloadType the payload type both directions use for {@code codec}
 * @param h264PacketizationMode 0 or 1 (RFC 6184 §5.4); 1 for VP8 (unused)
 * @param feedback RTCP feedback both sides agreed on; a leg without PLI or FIR gets keyframe requests by SIP
 *     INFO picture_fast_update
 * @param maxBitrateKbps the peer's {@code b=AS}/{@code b=TIAS} limit, 0 when it gave none
 * @param maxFrameSizeMacroblocks the largest picture the peer decodes ({@code max-fs}, or from the H.264 level),
 *     0 when it gave no limit
 * @param maxPayloadBytes the largest RTP payload we send (1200 for WebRTC)
 * @param send we send the composite to the peer
 * @param receive the peer sends us its video
 */
public record NegotiatedVideo(VideoCodec codec, int payloadType, int h264PacketizationMode, Set<VideoFeedback> feedback,
        int maxBitrateKbps, int maxFrameSizeMacroblocks, int maxPayloadBytes, boolean send, boolean receive) {
    public NegotiatedVideo {
        Objects.requireNonNull(codec, "codec");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        if (h264PacketizationMode != 0 && h264PacketizationMode != 1) {
            throw new IllegalArgumentException("packetization-mode must be 0 or 1: " + h264PacketizationMode);
        }
        if (maxPayloadBytes < 200 || maxPayloadBytes > 1400) {
            throw new IllegalArgumentException("max payload out of range: " + maxPayloadBytes);
        }
        feedback = feedback.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(feedback));
        maxBitrateKbps = Math.max(0, maxBitrateKbps);
        maxFrameSizeMacroblocks = Math.max(0, maxFrameSizeMacroblocks);
    }

    public boolean accepts(VideoFeedback f) {
        return feedback.contains(f);
    }

    /** True when the peer understands an RTCP keyframe request (else we ask by SIP INFO). */
    public boolean rtcpKeyframeRequests() {
        return feedback.contains(VideoFeedback.PLI) || feedback.contains(VideoFeedback.FIR);
    }
}
