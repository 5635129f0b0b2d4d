package org.confero.server.sip.sdes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.confero.server.sdp.Attribute;
import org.confero.server.sdp.MediaDescription;
import org.confero.server.sdp.SessionDescription;

/**
 * A SIP call's SRTP: the SDES keys of its audio and video m-sections, empty where media is plain RTP.
 *
 * @param overTls the call's signalling came over TLS
 */
public record CallSecurity(boolean overTls, Optional<SdesKeys> audio, Optional<SdesKeys> video) {
    public static final CallSecurity PLAIN = new CallSecurity(false, Optional.empty(), Optional.empty());

    public boolean encrypted() {
        return audio.isPresent();
    }

    public CallSecurity withVideo(Optional<SdesKeys> v) {
        return new CallSecurity(overTls, audio, v);
    }

    /** Our answer with our {@code a=crypto} line added to the sections that are keyed. */
    public SessionDescription attach(SessionDescription answer, int audioIndex, int videoIndex) {
        if (audio.isEmpty() && video.isEmpty()) {
            return answer;
        }
        List<MediaDescription> media = new ArrayList<>(answer.media());
        if (audio.isPresent()) {
            addCrypto(media, audioIndex, audio.get());
        }
        if (video.isPresent() && videoIndex >= 0) {
            addCrypto(media, videoIndex, video.get());
        }
        return new SessionDescription(answer.origin(), answer.sessionName(), answer.connection(),
                answer.bandwidths(), answer.timing(), answer.attributes(), media);
    }

    private static void addCrypto(List<MediaDescription> media, int index, SdesKeys keys) {
        if (index < 0 || index >= media.size() || media.get(index).port() == 0) {
            return; // a rejected section carries no key (RFC 4568 §7.1.2)
        }
        MediaDescription m = media.get(index);
        List<Attribute> attributes = new ArrayList<>(m.attributes());
        attributes.add(Attribute.of("crypto", keys.local().attributeValue()));
        media.set(index, new MediaDescription(m.media(), m.port(), m.protocol(), m.formats(), m.connection(),
                m.bandwidths(), attributes));
    }

    @Override
    public String toString() {
        return "CallSecurity[tls=" + overTls + ", audio=" + audio.map(k -> k.local().profile().sdesName())
                .orElse("plain") + ", video=" + video.map(k -> k.local().profile().sdesName()).orElse("plain") + "]";
    }
}
