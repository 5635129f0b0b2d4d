package org.confero.server.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.conference.VideoFeedback;

/**
 * Our offer in the 200 OK to an INVITE without SDP (delayed offer, RFC 3261 §13.2.1), and how to read the answer
 * that comes back in the ACK. Offers every codec we mix, in our order of preference.
 */
public final class LocalOffer {
    public static final int OPUS_PT = 111;
    public static final int TELEPHONE_EVENT_PT = 101;
    public static final int TELEPHONE_EVENT_48K_PT = 110;
    public static final int VP8_PT = 96;
    public static final int H264_MODE1_PT = 97;
    public static final int H264_MODE0_PT = 98;
    private static final String H264_PROFILE = "profile-level-id=" + new H264Level(0x42, 0xe0, 0x1f).answerProfileLevelId();

    private LocalOffer() {}

    /** Audio then video, both sendrecv, RTCP on the port above RTP (no rtcp-mux: our sockets are split). */
    public static SessionDescription build(String sessionId, long version, String address, int audioPort,
            int videoPort) {
        List<Attribute> audio = new ArrayList<>();
        audio.add(Attribute.of("rtpmap", OPUS_PT + " opus/48000/2"));
        audio.add(Attribute.of("fmtp", OPUS_PT + " " + AudioSelection.OPUS_FMTP));
        audio.add(Attribute.of("rtpmap", "9 G722/8000"));
        audio.add(Attribute.of("rtpmap", "0 PCMU/8000"));
        audio.add(Attribute.of("rtpmap", "8 PCMA/8000"));
        audio.add(Attribute.of("rtpmap", TELEPHONE_EVENT_PT + " telephone-event/8000"));
        audio.add(Attribute.of("fmtp", TELEPHONE_EVENT_PT + " 0-16"));
        audio.add(Attribute.of("rtpmap", TELEPHONE_EVENT_48K_PT + " telephone-event/48000"));
        audio.add(Attribute.of("fmtp", TELEPHONE_EVENT_48K_PT + " 0-16"));
        audio.add(Attribute.of("ptime", "20"));
        audio.add(Attribute.flag("sendrecv"));
        MediaDescription audioSection = new MediaDescription("audio", audioPort, "RTP/AVP",
                List.of(Integer.toString(OPUS_PT), "9", "0", "8", Integer.toString(TELEPHONE_EVENT_PT),
                        Integer.toString(TELEPHONE_EVENT_48K_PT)),
                Optional.empty(), List.of(), audio);

        List<Attribute> video = new ArrayList<>();
        video.add(Attribute.of("rtpmap", VP8_PT + " VP8/90000"));
        video.add(Attribute.of("rtpmap", H264_MODE1_PT + " H264/90000"));
        video.add(Attribute.of("fmtp", H264_MODE1_PT + " " + H264_PROFILE + ";packetization-mode=1"));
        video.add(Attribute.of("rtpmap", H264_MODE0_PT + " H264/90000"));
        video.add(Attribute.of("fmtp", H264_MODE0_PT + " " + H264_PROFILE + ";packetization-mode=0"));
        for (int pt : new int[] {VP8_PT, H264_MODE1_PT, H264_MODE0_PT}) {
            for (VideoFeedback f : List.of(VideoFeedback.NACK, VideoFeedback.PLI, VideoFeedback.FIR)) {
                video.add(Attribute.of("rtcp-fb", pt + " " + VideoOfferAnswer.feedbackToken(f)));
            }
        }
        video.add(Attribute.flag("sendrecv"));
        MediaDescription videoSection = new MediaDescription("video", videoPort, "RTP/AVPF",
                List.of(Integer.toString(VP8_PT), Integer.toString(H264_MODE1_PT), Integer.toString(H264_MODE0_PT)),
                Optional.empty(), List.of("AS:" + VideoSelection.TIER_KBPS), video);
        return SdpAnswer.session(sessionId, version, address, List.of(audioSection, videoSection));
    }

    /**
     * The video the answer settled, empty when it rejected video or named nothing we offered. An H.264 payload
     * type keeps the packetization mode we offered it with (RFC 6184 §8.2.2: the answer may not change it).
     */
    public static Optional<VideoSelection> answeredVideo(SessionDescription answer) {
        return VideoOfferAnswer.select(answer).flatMap(v -> switch (v.payloadType()) {
            case VP8_PT -> v.codec() == VideoCodec.VP8 ? Optional.of(v) : Optional.empty();
            case H264_MODE1_PT -> v.codec() == VideoCodec.H264 ? Optional.of(v.withPacketizationMode(1)) : Optional.empty();
            case H264_MODE0_PT -> v.codec() == VideoCodec.H264 ? Optional.of(v.withPacketizationMode(0)) : Optional.empty();
            default -> Optional.empty();
        });
    }
}
