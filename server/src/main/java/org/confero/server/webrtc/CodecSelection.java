package org.confero.server.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.confero.server.sdp.Attribute;
import org.confero.server.sdp.MediaDescription;
import org.confero.server.sdp.RtpMap;

/** Picks the payload types we answer with from one offered m-line, and the lines that describe them. */
final class CodecSelection {
    /** RFC 7587 §6.1 parameters we ask for: 10 ms frames allowed, in-band FEC on. */
    static final String OPUS_FMTP = "minptime=10;useinbandfec=1";
    /** Feedback we understand for video (RFC 4585, RFC 5104, REMB draft); answered only when offered. */
    private static final Set<String> VIDEO_FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "goog-remb");
    private static final String H264_PROFILE = "42e01f";

    private CodecSelection() {}

    /** Opus/48000/2 (RFC 7587 §7: always "/2" in SDP). */
    static Optional<Integer> opus(MediaDescription m) {
        for (int pt : m.payloadTypes()) {
            Optional<RtpMap> map = m.rtpMap(pt);
            if (map.isPresent() && map.get().encodingName().equalsIgnoreCase("opus")
                    && map.get().clockRate() == 48_000 && map.get().channels() == 2) {
                return Optional.of(pt);
            }
        }
        return Optional.empty();
    }

    /** telephone-event, preferring the 48 kHz clock of Opus (RFC 4733 §2.1: same clock as the audio). */
    static Optional<Integer> telephoneEvent(MediaDescription m) {
        Integer fallback = null;
        for (int pt : m.payloadTypes()) {
            Optional<RtpMap> map = m.rtpMap(pt);
            if (map.isPresent() && map.get().encodingName().equalsIgnoreCase("telephone-event")) {
                if (map.get().clockRate() == 48_000) {
                    return Optional.of(pt);
                }
                if (fallback == null) {
                    fallback = pt;
                }
            }
        }
        return Optional.ofNullable(fallback);
    }

    /**
     * VP8, and H.264 with packetization-mode=1 (RFC 6184 §8.1) in a baseline profile, 42e01f preferred: when
     * the browser offers 42e01f we answer only that H.264 payload type.
     */
    static List<NegotiatedVideo.Payload> video(MediaDescription m) {
        List<NegotiatedVideo.Payload> vp8 = new ArrayList<>();
        List<NegotiatedVideo.Payload> h264Preferred = new ArrayList<>();
        List<NegotiatedVideo.Payload> h264Other = new ArrayList<>();
        for (int pt : m.payloadTypes()) {
            Optional<RtpMap> map = m.rtpMap(pt);
            if (map.isEmpty() || map.get().clockRate() != 90_000) {
                continue;
            }
            String name = map.get().encodingName().toUpperCase(Locale.ROOT);
            Optional<String> fmtp = m.fmtp(pt);
            if (name.equals("VP8")) {
                vp8.add(new NegotiatedVideo.Payload(pt, "VP8", fmtp));
            } else if (name.equals("H264") && fmtp.isPresent()) {
                String params = fmtp.get().toLowerCase(Locale.ROOT);
                if (!params.contains("packetization-mode=1")) {
                    continue;
                }
                String profile = parameter(params, "profile-level-id").orElse("");
                if (profile.equals(H264_PROFILE)) {
                    h264Preferred.add(new NegotiatedVideo.Payload(pt, "H264", fmtp));
                } else if (profile.startsWith("42")) {
                    h264Other.add(new NegotiatedVideo.Payload(pt, "H264", fmtp));
                }
            }
        }
        List<NegotiatedVideo.Payload> chosen = new ArrayList<>(vp8);
        if (!h264Preferred.isEmpty()) {
            chosen.add(h264Preferred.get(0));
        } else if (!h264Other.isEmpty()) {
            chosen.add(h264Other.get(0));
        }
        // keep the browser's order of preference (RFC 3264 §6.1)
        List<Integer> order = m.payloadTypes();
        chosen.sort((a, b) -> Integer.compare(order.indexOf(a.payloadType()), order.indexOf(b.payloadType())));
        return chosen;
    }

    /** The rtcp-fb lines offered for a payload type (or for "*") that we support, rewritten for that type. */
    static List<Attribute> videoFeedback(MediaDescription m, int pt) {
        List<Attribute> out = new ArrayList<>();
        for (String value : m.attributes("rtcp-fb")) {
            int space = value.indexOf(' ');
            if (space <= 0) {
                continue;
            }
            String target = value.substring(0, space);
            String type = value.substring(space + 1).trim();
            if ((target.equals(Integer.toString(pt)) || target.equals("*")) && VIDEO_FEEDBACK.contains(type)) {
                Attribute a = Attribute.of("rtcp-fb", pt + " " + type);
                if (!out.contains(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private static Optional<String> parameter(String fmtp, String name) {
        for (String part : fmtp.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equals(name)) {
                return Optional.of(kv[1].trim());
            }
        }
        return Optional.empty();
    }
}
