package org.confero.server.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.confero.mixer.codec.AudioCodec;

/**
 * Chooses the audio stream and codec to answer a SIP offer with (RFC 3264 §6.1): the first plain RTP audio
 * section, and in it the first payload type, in the offerer's order, that the mixer can decode.
 */
public final class AudioOfferAnswer {
    private static final int DEFAULT_PTIME = 20;

    private AudioOfferAnswer() {}

    /** Outcome of looking at an offer. */
    public sealed interface Outcome permits Outcome.Accepted, Outcome.Rejected {
        record Accepted(AudioSelection selection) implements Outcome {}

        /** Nothing we can use; {@code reason} fits a Warning header. */
        record Rejected(String reason) implements Outcome {}
    }

    public static Outcome select(SessionDescription offer) {
        return select(offer, false);
    }

    /** @param allowSavp RTP/SAVP(F) sections count too (their SDES keys are negotiated separately) */
    public static Outcome select(SessionDescription offer, boolean allowSavp) {
        List<MediaDescription> media = offer.media();
        for (int i = 0; i < media.size(); i++) {
            MediaDescription m = media.get(i);
            if (!m.media().equals("audio") || m.port() == 0 || !usable(m.protocol(), allowSavp)) {
                continue;
            }
            for (int pt : m.payloadTypes()) {
                Optional<AudioCodec> codec = m.rtpMap(pt).flatMap(map -> AudioCodec.byEncodingName(map.encodingName(),
                        map.clockRate()));
                if (codec.isPresent()) {
                    return new Outcome.Accepted(selection(offer, i, m, codec.get(), pt));
                }
            }
        }
        return new Outcome.Rejected("Media type not available");
    }

    static boolean usable(String protocol, boolean allowSavp) {
        return isPlainRtp(protocol) || (allowSavp && isSavp(protocol));
    }

    /** RFC 3711 §12 / RFC 5124: SRTP profiles keyed in the signalling (not DTLS-SRTP's UDP/TLS/RTP/SAVP). */
    public static boolean isSavp(String protocol) {
        String p = protocol.toUpperCase(Locale.ROOT);
        return p.equals("RTP/SAVP") || p.equals("RTP/SAVPF");
    }

    static boolean isPlainRtp(String protocol) {
        String p = protocol.toUpperCase(Locale.ROOT);
        return p.equals("RTP/AVP") || p.equals("RTP/AVPF");
    }

    private static AudioSelection selection(SessionDescription offer, int index, MediaDescription m, AudioCodec codec,
            int pt) {
        int[] dtmf = telephoneEvent(m, codec.rtpClockRate());
        int ptime = m.attribute("ptime").map(AudioOfferAnswer::parsePtime).orElse(DEFAULT_PTIME);
        Optional<String> address = offer.connectionFor(m).map(Connection::address)
                .filter(a -> !a.equals("0.0.0.0") && !a.equals("::"));
        boolean mux = m.hasAttribute("rtcp-mux");
        int rtcpPort = mux ? m.port() : rtcpPort(m);
        return new AudioSelection(offer, index, codec, pt, dtmf[0], dtmf[1], ptime, offer.directionOf(m), address,
                m.port(), rtcpPort, mux);
    }

    /** RFC 4733 §7.1.1: prefer telephone-event at the codec's clock rate, else at 8000; {-1, 8000} if none. */
    private static int[] telephoneEvent(MediaDescription m, int clockRate) {
        int fallback = -1;
        int fallbackRate = 8000;
        for (int pt : m.payloadTypes()) {
            Optional<RtpMap> map = m.rtpMap(pt);
            if (map.isPresent() && map.get().encodingName().equalsIgnoreCase("telephone-event")) {
                if (map.get().clockRate() == clockRate) {
                    return new int[] {pt, clockRate};
                }
                if (fallback < 0 && map.get().clockRate() == 8000) {
                    fallback = pt;
                }
            }
        }
        return new int[] {fallback, fallbackRate};
    }

    private static int parsePtime(String value) {
        try {
            int p = Integer.parseInt(value.trim());
            return p > 0 && p <= 200 ? p : DEFAULT_PTIME;
        } catch (NumberFormatException e) {
            return DEFAULT_PTIME;
        }
    }

    /** The peer's RTCP port: {@code a=rtcp} (RFC 3605), else the RTP port + 1 (RFC 3550 §11). */
    static int rtcpPort(MediaDescription m) {
        return m.attribute("rtcp").map(v -> parseRtcpPort(v, m.port() + 1)).orElse(m.port() + 1);
    }

    /** {@code a=rtcp:<port> [IN IP4 addr]} (RFC 3605). */
    private static int parseRtcpPort(String value, int fallback) {
        String first = value.trim().split(" ")[0];
        try {
            int p = Integer.parseInt(first);
            return p > 0 && p <= 65_535 ? p : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
