package org.confero.server.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.conference.NegotiatedVideo;
import org.confero.server.conference.VideoFeedback;
import org.junit.jupiter.api.Test;

class VideoOfferAnswerTest {
    private static final String AUDIO = "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private static SessionDescription offer(String media) {
        String text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" + AUDIO + media;
        return ((SdpParser.SdpResult.Parsed) SdpParser.parse(text)).sdp();
    }

    private static VideoSelection video(String media) {
        Optional<VideoSelection> s = VideoOfferAnswer.select(offer(media));
        assertThat(s).as("video chosen from %s", media).isPresent();
        return s.get();
    }

    private static String answer(SessionDescription offer) {
        AudioSelection audio = ((AudioOfferAnswer.Outcome.Accepted) AudioOfferAnswer.select(offer)).selection();
        String text = SdpAnswer.build(audio, 30_000, VideoOfferAnswer.select(offer), 30_002, "7", 1, "198.51.100.7")
                .encode();
        SdpAssertions.assertStrictlyValid(text);
        return text;
    }

    @Test
    void vp8OnlyOfferIsAcceptedWithItsPayloadTypeAndMaxFs() {
        VideoSelection v = video("m=video 5000 RTP/AVPF 100\r\na=rtpmap:100 VP8/90000\r\n"
                + "a=fmtp:100 max-fs=3600;max-fr=30\r\na=rtcp-fb:* nack pli\r\na=rtcp-rsize\r\n");
        NegotiatedVideo n = v.negotiated();
        assertThat(n.codec()).isEqualTo(VideoCodec.VP8);
        assertThat(n.payloadType()).isEqualTo(100);
        assertThat(n.maxFrameSizeMacroblocks()).isEqualTo(3600);
        assertThat(n.maxPayloadBytes()).isEqualTo(1200);
        assertThat(n.feedback()).containsExactly(VideoFeedback.PLI);
        assertThat(n.send()).isTrue();
        assertThat(n.receive()).isTrue();
        assertThat(v.remoteRtpPort()).isEqualTo(5000);
        assertThat(v.remoteRtcpPort()).isEqualTo(5001);
    }

    @Test
    void h264Mode0OnlyOfferIsAnsweredWithConstrainedBaselineAndTheSameMode() {
        SessionDescription offer = offer("m=video 5000 RTP/AVP 99\r\na=rtpmap:99 H264/90000\r\n"
                + "a=fmtp:99 profile-level-id=42801f;packetization-mode=0\r\n");
        VideoSelection v = VideoOfferAnswer.select(offer).orElseThrow();
        assertThat(v.negotiated().codec()).isEqualTo(VideoCodec.H264);
        assertThat(v.negotiated().h264PacketizationMode()).isZero();
        assertThat(v.negotiated().maxFrameSizeMacroblocks()).isEqualTo(3600);
        String answer = answer(offer);
        assertThat(answer).contains("m=video 30002 RTP/AVP 99\r\n", "a=rtpmap:99 H264/90000\r\n",
                "a=fmtp:99 profile-level-id=42e01f;packetization-mode=0\r\n")
                .doesNotContain("a=rtcp-fb");
        SdpAssertions.assertStrictlyValid(answer);
    }

    @Test
    void h264WithoutFmtpMeansMode0AtLevel1AndALowerOfferedLevelIsEchoed() {
        VideoSelection bare = video("m=video 5000 RTP/AVP 97\r\na=rtpmap:97 H264/90000\r\n");
        assertThat(bare.negotiated().h264PacketizationMode()).isZero();
        assertThat(bare.negotiated().maxFrameSizeMacroblocks()).isEqualTo(99);
        assertThat(bare.h264Level().answerProfileLevelId()).isEqualTo("42e00a");

        SessionDescription level30 = offer("m=video 5000 RTP/AVP 97\r\na=rtpmap:97 H264/90000\r\n"
                + "a=fmtp:97 packetization-mode=1; profile-level-id=4d401e\r\n");
        assertThat(VideoOfferAnswer.select(level30).orElseThrow().negotiated().maxFrameSizeMacroblocks()).isEqualTo(1620);
        assertThat(answer(level30)).contains("a=fmtp:97 profile-level-id=42e01e;packetization-mode=1");

        SessionDescription level40 = offer("m=video 5000 RTP/AVP 97\r\na=rtpmap:97 H264/90000\r\n"
                + "a=fmtp:97 profile-level-id=644028;packetization-mode=1\r\n"); // High with constraint_set1
        assertThat(answer(level40)).as("never more than the encoder's 3.1").contains("profile-level-id=42e01f");
    }

    @Test
    void maxFrameSizeFollowsTheH264Level() {
        assertThat(H264Level.parse("42e01f").orElseThrow().maxFrameSizeMacroblocks()).isEqualTo(3600);
        assertThat(H264Level.parse("42e01e").orElseThrow().maxFrameSizeMacroblocks()).isEqualTo(1620);
        assertThat(H264Level.parse("42e016").orElseThrow().maxFrameSizeMacroblocks()).isEqualTo(1620);
        assertThat(H264Level.parse("42e015").orElseThrow().maxFrameSizeMacroblocks()).isEqualTo(792);
        assertThat(H264Level.parse("42e014").orElseThrow().maxFrameSizeMacroblocks()).isEqualTo(396);
        assertThat(H264Level.parse("42e00d").orElseThrow().maxFrameSizeMacroblocks()).isEqualTo(396);
        assertThat(H264Level.parse("42e00a").orElseThrow().maxFrameSizeMacroblocks()).isEqualTo(99);
        assertThat(H264Level.parse("42f00b").orElseThrow().maxFrameSizeMacroblocks()).as("1b").isEqualTo(99);
        assertThat(H264Level.parse("42f00b").orElseThrow().answerProfileLevelId()).isEqualTo("42f00b");
        assertThat(H264Level.parse("zz").isEmpty()).isTrue();
    }

    @Test
    void highProfileOnlyRejectsVideoButTheAudioIsStillAccepted() {
        SessionDescription offer = offer("m=video 5000 RTP/AVP 97\r\na=rtpmap:97 H264/90000\r\n"
                + "a=fmtp:97 profile-level-id=640028;packetization-mode=1\r\n");
        assertThat(VideoOfferAnswer.select(offer)).isEmpty();
        assertThat(AudioOfferAnswer.select(offer)).isInstanceOf(AudioOfferAnswer.Outcome.Accepted.class);
        String answer = answer(offer);
        assertThat(answer).contains("m=audio 30000 RTP/AVP 0\r\n", "m=video 0 RTP/AVP 97\r\n");
        SdpAssertions.assertStrictlyValid(answer);
    }

    @Test
    void bothCodecsFollowTheOfferersOrder() {
        assertThat(video("m=video 5000 RTP/AVP 97 96\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:97 H264/90000\r\n"
                + "a=fmtp:97 profile-level-id=42e01f;packetization-mode=1\r\n").codec()).isEqualTo(VideoCodec.H264);
        assertThat(video("m=video 5000 RTP/AVP 96 97\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:97 H264/90000\r\n"
                + "a=fmtp:97 profile-level-id=42e01f;packetization-mode=1\r\n").codec()).isEqualTo(VideoCodec.VP8);
        // packetization-mode 2 is not ours: the next payload type is taken
        assertThat(video("m=video 5000 RTP/AVP 97 96\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:97 H264/90000\r\n"
                + "a=fmtp:97 profile-level-id=42e01f;packetization-mode=2\r\n").codec()).isEqualTo(VideoCodec.VP8);
    }

    @Test
    void onlyOfferedFeedbackForThePayloadTypeOrStarIsAnswered() {
        SessionDescription offer = offer("m=video 5000 RTP/AVPF 96 97\r\na=rtpmap:96 VP8/90000\r\n"
                + "a=rtpmap:97 H264/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96  CCM   FIR\r\na=rtcp-fb:97 nack pli\r\n"
                + "a=rtcp-fb:* goog-remb\r\na=rtcp-fb:96 transport-cc\r\na=rtcp-fb:96 ccm tmmbr\r\na=rtcp-rsize\r\n"
                + "a=rtcp-mux\r\na=sendonly\r\n");
        VideoSelection v = VideoOfferAnswer.select(offer).orElseThrow();
        assertThat(v.feedback()).isEqualTo(Set.of(VideoFeedback.NACK, VideoFeedback.FIR, VideoFeedback.REMB));
        String answer = answer(offer);
        assertThat(answer).contains("m=video 30002 RTP/AVPF 96\r\n", "a=rtcp-fb:96 nack\r\n", "a=rtcp-fb:96 ccm fir\r\n",
                "a=rtcp-fb:96 goog-remb\r\n", "a=rtcp-rsize\r\n", "a=rtcp-mux\r\n", "a=recvonly\r\n")
                .doesNotContain("nack pli", "transport-cc", "tmmbr");
        assertThat(v.negotiated().send()).as("a sendonly peer receives nothing").isFalse();
        assertThat(v.negotiated().receive()).isTrue();
        assertThat(v.remoteRtcpPort()).as("rtcp-mux").isEqualTo(5000);
        SdpAssertions.assertStrictlyValid(answer);
    }

    @Test
    void bandwidthComesFromAsOrTiasAndOurAnswerNeverAsksForMoreThanOurTier() {
        assertThat(video("m=video 5000 RTP/AVP 96\r\nb=AS:512\r\na=rtpmap:96 VP8/90000\r\n").maxBitrateKbps())
                .isEqualTo(512);
        assertThat(video("m=video 5000 RTP/AVP 96\r\nb=TIAS:768000\r\na=rtpmap:96 VP8/90000\r\n").maxBitrateKbps())
                .isEqualTo(768);
        assertThat(video("m=video 5000 RTP/AVP 96\r\nb=AS:900\r\nb=TIAS:600000\r\na=rtpmap:96 VP8/90000\r\n")
                .maxBitrateKbps()).isEqualTo(600);
        assertThat(video("m=video 5000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n").maxBitrateKbps()).isZero();
        assertThat(answer(offer("m=video 5000 RTP/AVP 96\r\nb=AS:512\r\na=rtpmap:96 VP8/90000\r\n")))
                .contains("b=AS:512\r\n");
        assertThat(answer(offer("m=video 5000 RTP/AVP 96\r\nb=AS:20000\r\na=rtpmap:96 VP8/90000\r\n")))
                .contains("b=AS:" + VideoSelection.TIER_KBPS + "\r\n");
    }

    @Test
    void rejectedAndSecondaryStreamsKeepTheOffersOrderAndEveryAnswerSectionHasAConnection() {
        SessionDescription offer = offer("m=video 0 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n"
                + "m=video 5002 RTP/SAVP 96\r\na=rtpmap:96 VP8/90000\r\n"
                + "m=video 5004 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\na=content:main\r\n"
                + "m=application 5006 UDP/BFCP *\r\n");
        VideoSelection v = VideoOfferAnswer.select(offer).orElseThrow();
        assertThat(v.mediaIndex()).isEqualTo(3);
        SessionDescription answer = SdpAssertions.assertStrictlyValid(answer(offer));
        assertThat(answer.media()).extracting(MediaDescription::port).containsExactly(30_000, 0, 0, 30_002, 0);
        assertThat(answer.media()).extracting(MediaDescription::media)
                .containsExactly("audio", "video", "video", "video", "application");
    }

    @Test
    void ourDelayedOfferIsValidAndItsAnswerKeepsTheOfferedPacketizationMode() {
        SessionDescription ours = SdpAssertions.assertStrictlyValid(LocalOffer.build("9", 1, "127.0.0.1", 30_000, 30_002)
                .encode());
        assertThat(ours.media()).extracting(MediaDescription::media).containsExactly("audio", "video");
        assertThat(ours.encode()).contains("a=rtpmap:111 opus/48000/2", "a=rtpmap:9 G722/8000", "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=rtpmap:96 VP8/90000",
                "a=fmtp:97 profile-level-id=42e01f;packetization-mode=1",
                "a=fmtp:98 profile-level-id=42e01f;packetization-mode=0", "a=rtcp-fb:98 ccm fir");
        SessionDescription answer = ((SdpParser.SdpResult.Parsed) SdpParser.parse(
                "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" + AUDIO
                        + "m=video 5000 RTP/AVPF 98\r\na=rtpmap:98 H264/90000\r\na=rtcp-fb:98 nack pli\r\n")).sdp();
        VideoSelection v = LocalOffer.answeredVideo(answer).orElseThrow();
        assertThat(v.negotiated().h264PacketizationMode()).isZero();
        assertThat(v.negotiated().rtcpKeyframeRequests()).isTrue();
        SessionDescription rejected = ((SdpParser.SdpResult.Parsed) SdpParser.parse(
                "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" + AUDIO
                        + "m=video 0 RTP/AVPF 96\r\n")).sdp();
        assertThat(LocalOffer.answeredVideo(rejected)).isEmpty();
    }
}
