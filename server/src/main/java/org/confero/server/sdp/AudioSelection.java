package org.confero.server.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.confero.mixer.codec.AudioCodec;
import org.confero.server.conference.NegotiatedAudio;

/**
 * The audio stream chosen from an offer, and how to answer it (RFC 3264 §6).
 *
 * @param mediaIndex index of the chosen m= section in the offer
 * @param remoteAddress where the peer wants RTP, empty when it gave 0.0.0.0 (RFC 3264 §8.4 old-style hold)
 * @param rtcpMux the offer asked for RTP and RTCP on one port (RFC 5761)
 */
public record AudioSelection(
        SessionDescription offer,
        int mediaIndex,
        AudioCodec codec,
        int payloadType,
        int telephoneEventPayloadType,
        int telephoneEventClockRate,
        int ptimeMillis,
        Direction offerDirection,
        Optional<String> remoteAddress,
        int remoteRtpPort,
        int remoteRtcpPort,
        boolean rtcpMux) {
    /** fmtp we answer Opus with: 10 ms frames allowed, in-band FEC on (RFC 7587 §6.1). */
    public static final String OPUS_FMTP = "minptime=10;useinbandfec=1";

    public AudioSelection {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(offerDirection, "offerDirection");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    public NegotiatedAudio negotiated() {
        return new NegotiatedAudio(codec, payloadType, telephoneEventPayloadType, ptimeMillis);
    }

    /** Our media direction: the answer to the offer's (RFC 3264 §6.1). */
    public Direction answerDirection() {
        return offerDirection.answer();
    }

    /** True when the peer holds the call (it will not receive: sendonly or inactive offer). */
    public boolean peerHolds() {
        return !offerDirection.receives() || remoteAddress.isEmpty();
    }

    /**
     * The SDP answer: one m= line per offered one, every stream but the chosen audio rejected with port 0.
     *
     * @param address our media address for {@code c=} and {@code o=}
     */
    public SessionDescription answer(String sessionId, long version, String address, int localRtpPort) {
        return SdpAnswer.build(this, localRtpPort, Optional.empty(), 0, sessionId, version, address);
    }

    /** Our answer's audio m= section on {@code localRtpPort}. */
    MediaDescription section(int localRtpPort) {
        MediaDescription offered = offer.media().get(mediaIndex);
        List<String> formats = new ArrayList<>();
        List<Attribute> attributes = new ArrayList<>();
        formats.add(Integer.toString(payloadType));
        attributes.add(Attribute.of("rtpmap", new RtpMap(payloadType, codec.encodingName(), codec.rtpClockRate(),
                codec.sdpChannels()).value()));
        if (codec == AudioCodec.OPUS) {
            attributes.add(Attribute.of("fmtp", payloadType + " " + OPUS_FMTP));
        }
        if (telephoneEventPayloadType >= 0) {
            formats.add(Integer.toString(telephoneEventPayloadType));
            attributes.add(Attribute.of("rtpmap", telephoneEventPayloadType + " telephone-event/" + telephoneEventClockRate));
            attributes.add(Attribute.of("fmtp", telephoneEventPayloadType + " 0-16"));
        }
        attributes.add(Attribute.of("ptime", Integer.toString(ptimeMillis)));
        if (rtcpMux) {
            attributes.add(Attribute.flag("rtcp-mux"));
        }
        attributes.add(Attribute.flag(answerDirection().attributeName()));
        return new MediaDescription("audio", localRtpPort, offered.protocol(), formats, Optional.empty(), List.of(),
                attributes);
    }
}
