package org.confero.server.webrtc;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.conference.NegotiatedVideo;
import org.confero.server.conference.VideoFeedback;
import org.confero.server.sdp.Attribute;
import org.confero.server.sdp.Direction;
import org.confero.server.sdp.MediaDescription;
import org.confero.server.sdp.RtpMap;

/** Picks the payload types we answer with from one offered m-line, and the lines that describe them. */
final class CodecSelection {
    /** RFC 7587 §6.1 parameters we ask for: 10 ms frames allowed, in-band FEC on. */
    static final String OPUS_FMTP = "minptime=10;useinbandfec=1";
    /** Feedback we understand for video (RFC 4585, RFC 5104, REMB draft); answered only when offered. */
    private static final Set<String> VIDEO_FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "goog-remb");
    private static final String H264_PROFILE = "42e01f";
    /** RTP payload limit for browsers: fits any path MTU with SRTP, TURN and IPv6 overheads. */
    static final int WEBRTC_MAX_PAYLOAD = 1200;

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
    static List<VideoSection.Payload> video(MediaDescription m) {
        List<VideoSection.Payload> vp8 = new ArrayList<>();
        List<VideoSection.Payload> h264Preferred = new ArrayList<>();
        List<VideoSection.Payload> h264Other = new ArrayList<>();
        for (int pt : m.payloadTypes()) {
            Optional<RtpMap> map = m.rtpMap(pt);
            if (map.isEmpty() || map.get().clockRate() != 90_000) {
                continue;
            }
            String name = map.get().encodingName().toUpperCase(Locale.ROOT);
            Optional<String> fmtp = m.fmtp(pt);
            if (name.equals("VP8")) {
                vp8.add(new VideoSection.Payload(pt, "VP8", fmtp));
            } else if (name.equals("H264") && fmtp.isPresent()) {
                String params = fmtp.get().toLowerCase(Locale.ROOT);
                if (!params.contains("packetization-mode=1")) {
                    continue;
                }
                String profile = parameter(params, "profile-level-id").orElse("");
                if (profile.equals(H264_PROFILE)) {
                    h264Preferred.add(new VideoSection.Payload(pt, "H264", fmtp));
                } else if (profile.startsWith("42")) {
                    h264Other.add(new VideoSection.Payload(pt, "H264", fmtp));
                }
            }
        }
        List<VideoSection.Payload> chosen = new ArrayList<>(vp8);
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

    /** The leg's view of an answered camera section: one codec, the feedback both sides named, WebRTC's MTU. */
    static NegotiatedVideo negotiatedVideo(MediaDescription m, VideoSection.Payload chosen, Direction ours) {
        EnumSet<VideoFeedback> feedback = EnumSet.noneOf(VideoFeedback.class);
        for (Attribute a : videoFeedback(m, chosen.payloadType())) {
            String type = a.value().orElse("");
            type = type.substring(type.indexOf(' ') + 1);
            switch (type) {
                case "nack" -> feedback.add(VideoFeedback.NACK);
                case "nack pli" -> feedback.add(VideoFeedback.PLI);
                case "ccm fir" -> feedback.add(VideoFeedback.FIR);
                case "goog-remb" -> feedback.add(VideoFeedback.REMB);
                default -> { }
            }
        }
        VideoCodec codec = VideoCodec.byEncodingName(chosen.encodingName()).orElseThrow();
        // H.264 from browsers is accepted only in packetization-mode 1 (see video())
        return new NegotiatedVideo(codec, chosen.payloadType(), 1, feedback, 0, 0, WEBRTC_MAX_PAYLOAD,
                ours.sends(), ours.receives());
    }

    /**
     * The SSRC a section's media will carry: the first of an {@code a=ssrc-group:FID} (RFC 5576 §4.2; the others
     * are retransmissions), else the first {@code a=ssrc}; -1 when the offer names none.
     */
    static long primarySsrc(MediaDescription m) {
        for (String group : m.attributes("ssrc-group")) {
            String[] f = group.trim().split(" +");
            if (f.length >= 2 && f[0].equals("FID")) {
                return parseSsrc(f[1]);
            }
        }
        for (String line : m.attributes("ssrc")) {
            return parseSsrc(line.trim().split(" ", 2)[0]);
        }
        return -1;
    }

    private static long parseSsrc(String value) {
        try {
            long v = Long.parseLong(value);
            return v > 0 && v <= 0xFFFF_FFFFL ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
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
