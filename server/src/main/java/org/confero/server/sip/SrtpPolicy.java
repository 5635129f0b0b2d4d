package org.confero.server.sip;

import java.util.Optional;
import org.confero.server.sdp.AudioOfferAnswer;
import org.confero.server.sdp.AudioSelection;
import org.confero.server.sdp.MediaDescription;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.sdp.VideoOfferAnswer;
import org.confero.server.sdp.VideoSelection;
import org.confero.server.sip.sdes.CallSecurity;
import org.confero.server.sip.sdes.SdesKeys;
import org.confero.server.sip.sdes.SdesNegotiation;

/**
 * What an offer's media may be, given how it reached us: SDES-SRTP (RFC 4568) only when the signalling came over
 * TLS, plain RTP otherwise, and nothing plain where the room or server requires encryption. An encrypted call
 * never carries one of its streams in the clear: video that cannot be keyed is rejected (port 0).
 */
final class SrtpPolicy {
    private SrtpPolicy() {}

    sealed interface Decision permits Decision.Accepted, Decision.Refused {
        record Accepted(AudioSelection audio, Optional<VideoSelection> video, CallSecurity security)
                implements Decision {}

        /** 488 with this Warning text (RFC 3261 §21.4.26). */
        record Refused(String reason) implements Decision {}
    }

    static Decision decide(SessionDescription offer, boolean overTls, boolean required) {
        AudioOfferAnswer.Outcome outcome = AudioOfferAnswer.select(offer, overTls);
        if (outcome instanceof AudioOfferAnswer.Outcome.Rejected rejected) {
            boolean savpOnly = !overTls && offer.media().stream()
                    .anyMatch(m -> m.media().equals("audio") && m.port() != 0 && AudioOfferAnswer.isSavp(m.protocol()));
            return new Decision.Refused(savpOnly ? "SRTP keys are accepted over TLS only" : rejected.reason());
        }
        AudioSelection audio = ((AudioOfferAnswer.Outcome.Accepted) outcome).selection();
        SdesNegotiation.Outcome keyed = SdesNegotiation.negotiate(offer.media().get(audio.mediaIndex()), overTls);
        if (keyed instanceof SdesNegotiation.Outcome.Unusable u) {
            return new Decision.Refused(u.reason());
        }
        Optional<SdesKeys> audioKeys = keyed instanceof SdesNegotiation.Outcome.Keyed k
                ? Optional.of(k.keys()) : Optional.empty();
        if (required && audioKeys.isEmpty()) {
            return new Decision.Refused(overTls ? "encryption required: offer RTP/SAVP with a=crypto"
                    : "encryption required: call over TLS with SRTP");
        }
        Optional<VideoSelection> video = VideoOfferAnswer.select(offer, overTls);
        Optional<SdesKeys> videoKeys = Optional.empty();
        if (video.isPresent()) {
            MediaDescription section = offer.media().get(video.get().mediaIndex());
            SdesNegotiation.Outcome v = SdesNegotiation.negotiate(section, overTls);
            if (v instanceof SdesNegotiation.Outcome.Keyed k) {
                videoKeys = Optional.of(k.keys());
            } else if (audioKeys.isPresent() || v instanceof SdesNegotiation.Outcome.Unusable) {
                video = Optional.empty(); // no plain video beside encrypted audio
            }
        }
        if (audioKeys.isEmpty() && videoKeys.isPresent()) {
            videoKeys = Optional.empty(); // plain audio: the call is plain, so is its video (answered without a key)
            if (AudioOfferAnswer.isSavp(offer.media().get(video.get().mediaIndex()).protocol())) {
                video = Optional.empty();
            }
        }
        return new Decision.Accepted(audio, video, new CallSecurity(overTls, audioKeys, videoKeys));
    }
}
