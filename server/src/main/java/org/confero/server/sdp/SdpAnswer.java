package org.confero.server.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Our SDP answer to a SIP offer: one m= section per offered one, in the offer's order (RFC 3264 §6); the chosen
 * audio and video are accepted, every other section is rejected with port 0. The session-level {@code c=} gives
 * every section, the rejected ones too, a connection address (RFC 8866 §5.7).
 */
public final class SdpAnswer {
    private SdpAnswer() {}

    /**
     * @param address our media address for {@code c=} and {@code o=}
     * @param localVideoPort our video RTP port; ignored when {@code video} is empty
     */
    public static SessionDescription build(AudioSelection audio, int localAudioPort, Optional<VideoSelection> video,
            int localVideoPort, String sessionId, long version, String address) {
        SessionDescription offer = audio.offer();
        List<MediaDescription> media = new ArrayList<>();
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription offered = offer.media().get(i);
            if (i == audio.mediaIndex()) {
                media.add(audio.section(localAudioPort));
            } else if (video.isPresent() && i == video.get().mediaIndex()) {
                media.add(video.get().section(offered.protocol(), localVideoPort));
            } else {
                media.add(rejected(offered));
            }
        }
        return session(sessionId, version, address, media);
    }

    static SessionDescription session(String sessionId, long version, String address, List<MediaDescription> media) {
        Connection connection = address.contains(":") ? new Connection("IP6", address) : Connection.ip4(address);
        Origin origin = new Origin("confero", sessionId, version, connection.addressType(), address);
        return new SessionDescription(origin, "Confero", Optional.of(connection), List.of(), "0 0", List.of(), media);
    }

    /** RFC 3264 §6: port 0 and at least one of the offered formats, nothing else. */
    static MediaDescription rejected(MediaDescription offered) {
        List<String> formats = offered.formats().isEmpty() ? List.of("0") : List.of(offered.formats().get(0));
        return new MediaDescription(offered.media(), 0, offered.protocol(), formats, Optional.empty(), List.of(),
                List.of());
    }
}
