package org.confero.server.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.conference.NegotiatedVideo;
import org.confero.server.conference.VideoFeedback;

/**
 * The video stream chosen from an offer (or read from the answer to our offer), and how to answer it.
 *
 * @param mediaIndex index of the chosen m= section
 * @param h264PacketizationMode 0 or 1 for H.264 (RFC 6184 §8.1); 1 for VP8 (unused)
 * @param h264Level the offered profile-level-id, null for VP8
 * @param feedback the offered {@code a=rtcp-fb} types we take part in (RFC 4585 §4.2), answered no wider
 * @param maxBitrateKbps the offer's {@code b=AS}/{@code b=TIAS}, 0 when none
 * @param maxFrameSizeMacroblocks largest picture the peer decodes, 0 when unknown
 * @param rtcpReducedSize the offer had {@code a=rtcp-rsize} (RFC 5506 §5)
 * @param remoteAddress where the peer wants RTP; empty for 0.0.0.0 (RFC 3264 §8.4)
 */
public record VideoSelection(
        int mediaIndex,
        VideoCodec codec,
        int payloadType,
        int h264PacketizationMode,
        H264Level h264Level,
        Set<VideoFeedback> feedback,
        int maxBitrateKbps,
        int maxFrameSizeMacroblocks,
        boolean rtcpReducedSize,
        Direction offerDirection,
        Optional<String> remoteAddress,
        int remoteRtpPort,
        int remoteRtcpPort,
        boolean rtcpMux) {
    /** Payload size for SIP legs as for WebRTC: below any usual path MTU once IP/UDP/RTP headers are added. */
    public static final int MAX_PAYLOAD_BYTES = 1200;
    /** Our highest encoder tier's bitrate: the most we ask a peer to send us and mean to send it. */
    public static final int TIER_KBPS = 1500;

    public VideoSelection {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(offerDirection, "offerDirection");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        feedback = Set.copyOf(feedback);
        if (codec == VideoCodec.H264) {
            Objects.requireNonNull(h264Level, "h264Level");
        }
    }

    /** What the room's video needs of this leg. The answer's direction follows RFC 3264 §6.1. */
    public NegotiatedVideo negotiated() {
        Direction ours = offerDirection.answer();
        return new NegotiatedVideo(codec, payloadType, codec == VideoCodec.H264 ? h264PacketizationMode : 1,
                feedback, maxBitrateKbps, maxFrameSizeMacroblocks, MAX_PAYLOAD_BYTES,
                ours.sends() && remoteAddress.isPresent(), ours.receives());
    }

    /** The same choice with another packetization mode (the answer to our offer names its payload type's). */
    public VideoSelection withPacketizationMode(int mode) {
        return new VideoSelection(mediaIndex, codec, payloadType, mode, h264Level, feedback, maxBitrateKbps,
                maxFrameSizeMacroblocks, rtcpReducedSize, offerDirection, remoteAddress, remoteRtpPort,
                remoteRtcpPort, rtcpMux);
    }

    /** Our answer's m= section on {@code localRtpPort}, keeping the offer's protocol (RFC 3264 §6). */
    MediaDescription section(String protocol, int localRtpPort) {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(Attribute.of("rtpmap", new RtpMap(payloadType, codec.encodingName(), VideoCodec.RTP_CLOCK_RATE,
                1).value()));
        if (codec == VideoCodec.H264) {
            attributes.add(Attribute.of("fmtp", payloadType + " profile-level-id=" + h264Level.answerProfileLevelId()
                    + ";packetization-mode=" + h264PacketizationMode));
        }
        for (VideoFeedback f : VideoFeedback.values()) { // enum order: one line each, never a duplicate
            if (feedback.contains(f)) {
                attributes.add(Attribute.of("rtcp-fb", payloadType + " " + VideoOfferAnswer.feedbackToken(f)));
            }
        }
        if (rtcpReducedSize) {
            attributes.add(Attribute.flag("rtcp-rsize"));
        }
        if (rtcpMux) {
            attributes.add(Attribute.flag("rtcp-mux"));
        }
        attributes.add(Attribute.flag(offerDirection.answer().attributeName()));
        int receiveKbps = maxBitrateKbps > 0 ? Math.min(maxBitrateKbps, TIER_KBPS) : TIER_KBPS;
        return new MediaDescription("video", localRtpPort, protocol, List.of(Integer.toString(payloadType)),
                Optional.empty(), List.of("AS:" + receiveKbps), attributes);
    }
}
