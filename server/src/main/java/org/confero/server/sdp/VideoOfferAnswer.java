package org.confero.server.sdp;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.conference.VideoFeedback;

/**
 * Chooses the video stream and codec to answer a SIP offer with (RFC 3264 §6.1): the first plain RTP video
 * section with a usable port and codec, and in it the first payload type, in the offerer's order, that we encode and decode:
 * VP8 (RFC 7741 §6) or H.264 that Constrained Baseline serves, packetization-mode 0 or 1 (RFC 6184 §8).
 * No usable video is no error: the video m-line is then rejected and the call goes on with audio.
 */
public final class VideoOfferAnswer {
    private VideoOfferAnswer() {}

    public static Optional<VideoSelection> select(SessionDescription offer) {
        return select(offer, false);
    }

    /** @param allowSavp RTP/SAVP(F) sections count too (their SDES keys are negotiated separately) */
    public static Optional<VideoSelection> select(SessionDescription offer, boolean allowSavp) {
        List<MediaDescription> media = offer.media();
        for (int i = 0; i < media.size(); i++) {
            MediaDescription m = media.get(i);
            if (!m.media().equals("video") || m.port() == 0 || !AudioOfferAnswer.usable(m.protocol(), allowSavp)) {
                continue;
            }
            for (int pt : m.payloadTypes()) {
                Optional<VideoSelection> s = candidate(offer, i, m, pt);
                if (s.isPresent()) {
                    return s;
                }
            }
            // none usable here: a later video stream (e.g. slides) may still do
        }
        return Optional.empty();
    }

    private static Optional<VideoSelection> candidate(SessionDescription offer, int index, MediaDescription m, int pt) {
        Optional<RtpMap> map = m.rtpMap(pt);
        if (map.isEmpty() || map.get().clockRate() != VideoCodec.RTP_CLOCK_RATE) {
            return Optional.empty();
        }
        Optional<VideoCodec> codec = VideoCodec.byEncodingName(map.get().encodingName());
        if (codec.isEmpty()) {
            return Optional.empty();
        }
        String fmtp = m.fmtp(pt).orElse("");
        int mode = 1;
        H264Level level = null;
        int maxFs = parameter(fmtp, "max-fs").orElse(0);
        if (codec.get() == VideoCodec.H264) {
            // RFC 6184 §8.1: no packetization-mode means 0; no profile-level-id means Baseline level 1.
            mode = parameter(fmtp, "packetization-mode").orElse(0);
            Optional<String> pli = rawParameter(fmtp, "profile-level-id");
            level = pli.isPresent() ? H264Level.parse(pli.get()).orElse(null) : H264Level.DEFAULT;
            if ((mode != 0 && mode != 1) || level == null || !level.baselineCompatible()) {
                return Optional.empty();
            }
            maxFs = Math.max(maxFs, level.maxFrameSizeMacroblocks());
        }
        Optional<String> address = offer.connectionFor(m).map(Connection::address)
                .filter(a -> !a.equals("0.0.0.0") && !a.equals("::"));
        boolean mux = m.hasAttribute("rtcp-mux");
        int rtcpPort = mux ? m.port() : AudioOfferAnswer.rtcpPort(m);
        return Optional.of(new VideoSelection(index, codec.get(), pt, mode, level, feedback(m, pt),
                bitrateKbps(offer, m), maxFs, m.hasAttribute("rtcp-rsize"), offer.directionOf(m), address, m.port(),
                rtcpPort, mux));
    }

    /** RFC 4585 §4.2: feedback listed for this payload type or for {@code *}, among those we take part in. */
    static Set<VideoFeedback> feedback(MediaDescription m, int pt) {
        Set<VideoFeedback> found = EnumSet.noneOf(VideoFeedback.class);
        String own = Integer.toString(pt);
        for (String value : m.attributes("rtcp-fb")) {
            String[] f = value.trim().split("\\s+", 2);
            if (f.length < 2 || !(f[0].equals(own) || f[0].equals("*"))) {
                continue;
            }
            String type = f[1].trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            for (VideoFeedback candidate : VideoFeedback.values()) {
                if (feedbackToken(candidate).equals(type)) {
                    found.add(candidate);
                }
            }
        }
        return found;
    }

    static String feedbackToken(VideoFeedback f) {
        return switch (f) {
            case NACK -> "nack";
            case PLI -> "nack pli";
            case FIR -> "ccm fir";
            case REMB -> "goog-remb";
        };
    }

    /** {@code b=AS} (kbit/s, RFC 4566 §5.8) or {@code b=TIAS} (bit/s, RFC 3890 §6.2) of the section, else session. */
    static int bitrateKbps(SessionDescription offer, MediaDescription m) {
        int media = bitrateKbps(m.bandwidths());
        return media > 0 ? media : bitrateKbps(offer.bandwidths());
    }

    private static int bitrateKbps(List<String> bandwidths) {
        int best = 0;
        for (String b : bandwidths) {
            int colon = b.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String type = b.substring(0, colon).trim().toUpperCase(Locale.ROOT);
            long value;
            try {
                value = Long.parseLong(b.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            int kbps = type.equals("AS") ? (int) Math.min(value, Integer.MAX_VALUE)
                    : type.equals("TIAS") ? (int) Math.min(value / 1000, Integer.MAX_VALUE) : 0;
            if (kbps > 0) {
                best = best == 0 ? kbps : Math.min(best, kbps); // both given: the tighter limit holds
            }
        }
        return best;
    }

    /** A numeric fmtp parameter ({@code name=value;...}, RFC 4566 §6). */
    static Optional<Integer> parameter(String fmtp, String name) {
        return rawParameter(fmtp, name).flatMap(v -> {
            try {
                return Optional.of(Integer.parseInt(v));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    static Optional<String> rawParameter(String fmtp, String name) {
        for (String part : fmtp.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return Optional.of(part.substring(eq + 1).trim());
            }
        }
        return Optional.empty();
    }
}
