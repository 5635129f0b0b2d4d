package org.confero.server.webrtc;

import static org.confero.server.webrtc.SdpRejectedException.Code.BAD_SDP;
import static org.confero.server.webrtc.SdpRejectedException.Code.NO_COMMON_CODEC;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.confero.mixer.codec.AudioCodec;
import org.confero.server.conference.NegotiatedAudio;
import org.confero.server.conference.NegotiatedVideo;
import org.confero.server.conference.ScreenShare;
import org.confero.server.sdp.Attribute;
import org.confero.server.sdp.Connection;
import org.confero.server.sdp.Direction;
import org.confero.server.sdp.MediaDescription;
import org.confero.server.sdp.Origin;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.webrtc.dtls.Fingerprint;
import org.confero.server.webrtc.ice.IceCandidate;

/**
 * Answers a browser's offer (RFC 3264, JSEP RFC 8829 §5.3) for one {@link WebRtcSession}: everything on one
 * BUNDLE transport (RFC 8843) with rtcp-mux, our ICE credentials and candidates, {@code a=setup:passive} to an
 * actpass offer, Opus audio sendrecv, VP8/H.264 video recvonly, and every other m-line rejected with port 0.
 * On success the session gets the browser's transport parameters and starts ICE; a re-offer with new ICE
 * credentials restarts ICE on the same session (see {@link IceRestarter}).
 *
 * <p>Stateless and thread-safe.
 */
public final class WebRtcAnswerer {
    private static final String STREAM_ID = "confero";

    /**
     * @throws SdpRejectedException {@code bad-sdp} for a malformed WebRTC offer (no fingerprint, no rtcp-mux, no
     *     ICE credentials, not DTLS-SRTP), {@code no-common-codec} without Opus/48000/2
     */
    public WebRtcAnswer answer(SessionDescription offer, WebRtcSession session) throws SdpRejectedException {
        boolean restart = isIceRestart(offer, session);
        if (restart) {
            session.beginIceRestart(); // the answer carries the new generation's credentials
        }
        try {
            return answer(offer, session, restart);
        } catch (SdpRejectedException | RuntimeException e) {
            if (restart) {
                session.abandonIceRestart();
            }
            throw e;
        }
    }

    /**
     * RFC 8839 §4.4.1.1.1: an offer whose ice-ufrag or ice-pwd differs from the session's restarts ICE. The
     * credentials are read from the first section that can carry the bundle; the browser repeats them in each.
     */
    private static boolean isIceRestart(SessionDescription offer, WebRtcSession session) {
        Optional<RemoteTransport> current = session.remoteTransport();
        if (current.isEmpty()) {
            return false;
        }
        List<String> bundle = bundleGroup(offer);
        for (MediaDescription m : offer.media()) {
            Optional<String> mid = m.attribute("mid");
            if (m.port() == 0 || mid.isEmpty() || !isDtlsSrtp(m) || !(bundle.isEmpty() || bundle.contains(mid.get()))) {
                continue;
            }
            Optional<String> ufrag = m.attribute("ice-ufrag").or(() -> offer.attribute("ice-ufrag")).map(String::trim);
            Optional<String> pwd = m.attribute("ice-pwd").or(() -> offer.attribute("ice-pwd")).map(String::trim);
            Optional<Fingerprint> fingerprint = m.attribute("fingerprint").or(() -> offer.attribute("fingerprint"))
                    .flatMap(Fingerprint::parse);
            if (!fingerprint.equals(Optional.of(current.get().fingerprint()))) {
                return false; // refused below with bad-sdp, without touching a restart already running
            }
            return ufrag.isPresent() && pwd.isPresent() && (!ufrag.get().equals(current.get().iceUfrag())
                    || !pwd.get().equals(current.get().icePassword()));
        }
        return false;
    }

    private WebRtcAnswer answer(SessionDescription offer, WebRtcSession session, boolean restart)
            throws SdpRejectedException {
        List<String> bundle = bundleGroup(offer);
        List<MediaDescription> answers = new ArrayList<>();
        List<String> acceptedMids = new ArrayList<>();
        List<VideoSection> video = new ArrayList<>();
        NegotiatedVideo camera = null;
        ScreenShare screen = null;
        NegotiatedAudio audio = null;
        String audioMid = null;
        RemoteTransport remote = null; // from the first accepted m-line: the BUNDLE transport

        for (MediaDescription m : offer.media()) {
            String mid = m.attribute("mid").orElse(null);
            boolean bundleable = mid != null && (bundle.isEmpty() ? acceptedMids.isEmpty() : bundle.contains(mid));
            boolean usable = m.port() != 0 && bundleable && isDtlsSrtp(m);
            if (usable && m.media().equals("audio") && audio == null && CodecSelection.opus(m).isPresent()) {
                requireRtcpMux(m);
                audio = negotiatedAudio(m);
                audioMid = mid;
                acceptedMids.add(mid);
                remote = remote == null ? remoteTransport(offer, m) : remote;
                answers.add(audioAnswer(offer, m, audio, session, remote.setup().answer().orElseThrow()));
            } else if (usable && m.media().equals("video") && !CodecSelection.video(m).isEmpty()) {
                requireRtcpMux(m);
                // One codec per direction and section: we compose one picture and decode one stream per sender.
                List<VideoSection.Payload> chosen = CodecSelection.video(m).subList(0, 1);
                boolean isCamera = camera == null;
                Direction offered = offer.directionOf(m);
                Direction ours = isCamera ? offered.answer()
                        : offered.sends() ? Direction.RECVONLY : Direction.INACTIVE; // screen shares: receive only
                VideoSection v = new VideoSection(mid, ours, chosen);
                if (isCamera) {
                    camera = CodecSelection.negotiatedVideo(m, chosen.get(0), ours);
                } else if (screen == null && ours.receives()) {
                    long ssrc = CodecSelection.primarySsrc(m);
                    if (ssrc > 0) {
                        screen = new ScreenShare(CodecSelection.negotiatedVideo(m, chosen.get(0), ours), ssrc);
                    }
                }
                video.add(v);
                acceptedMids.add(mid);
                remote = remote == null ? remoteTransport(offer, m) : remote;
                answers.add(videoAnswer(m, v, isCamera, session, remote.setup().answer().orElseThrow()));
            } else {
                answers.add(rejected(m));
            }
        }
        if (audio == null) {
            boolean anyAudio = offer.media().stream().anyMatch(m -> m.media().equals("audio") && m.port() != 0);
            if (anyAudio && offer.media().stream().noneMatch(WebRtcAnswerer::isDtlsSrtp)) {
                throw new SdpRejectedException(BAD_SDP, "offer is not DTLS-SRTP (UDP/TLS/RTP/SAVPF)");
            }
            throw new SdpRejectedException(NO_COMMON_CODEC, "offer has no usable Opus/48000/2 audio");
        }

        List<Attribute> sessionAttributes = new ArrayList<>();
        sessionAttributes.add(Attribute.of("group", "BUNDLE " + String.join(" ", acceptedMids)));
        sessionAttributes.add(Attribute.of("msid-semantic", " WMS " + STREAM_ID));
        String address = session.localCandidates().get(0).address();
        SessionDescription answer = new SessionDescription(
                new Origin("-", Long.toString(session.sdpSessionId()), session.nextSdpVersion(), addressType(address),
                        address),
                "-", Optional.empty(), List.of(), "0 0", sessionAttributes, answers);

        Optional<RemoteTransport> current = session.remoteTransport();
        if (current.isEmpty()) {
            session.setRemoteDescription(remote);
        } else if (!current.get().fingerprint().equals(remote.fingerprint())
                || !current.get().setup().answer().equals(remote.setup().answer())) {
            // RFC 8842 §4: a new certificate or role would need a new DTLS association; we keep the one we have
            throw new SdpRejectedException(BAD_SDP, "a new DTLS certificate or setup role is not supported");
        } else if (restart) {
            session.startIceRestart(remote);
        } else if (!current.get().iceUfrag().equals(remote.iceUfrag())) {
            throw new SdpRejectedException(BAD_SDP, "ICE credentials differ between the offer's sections");
        }
        return new WebRtcAnswer(answer, answer.encode(), audio, audioMid, video, Optional.ofNullable(camera),
                Optional.ofNullable(screen));
    }

    private static List<String> bundleGroup(SessionDescription offer) {
        for (Attribute a : offer.attributes()) {
            if (a.name().equals("group") && a.value().isPresent() && a.value().get().startsWith("BUNDLE")) {
                String[] f = a.value().get().trim().split(" +");
                return Arrays.asList(f).subList(1, f.length);
            }
        }
        return List.of();
    }

    private static boolean isDtlsSrtp(MediaDescription m) {
        return m.protocol().equals("UDP/TLS/RTP/SAVPF") || m.protocol().equals("UDP/TLS/RTP/SAVP");
    }

    /** RFC 8829 §5.1.1 / RFC 5761: WebRTC multiplexes RTCP on the RTP port; we have no second port to offer. */
    private static void requireRtcpMux(MediaDescription m) throws SdpRejectedException {
        if (!m.hasAttribute("rtcp-mux")) {
            throw new SdpRejectedException(BAD_SDP, "m=" + m.media() + " lacks a=rtcp-mux");
        }
    }

    private static NegotiatedAudio negotiatedAudio(MediaDescription m) {
        int ptime = 20;
        Optional<String> p = m.attribute("ptime");
        if (p.isPresent()) {
            try {
                int v = Integer.parseInt(p.get().trim());
                ptime = v > 0 && v <= 200 ? v : 20;
            } catch (NumberFormatException ignored) {
                // a bad ptime is only a hint: keep 20 ms
            }
        }
        return new NegotiatedAudio(AudioCodec.OPUS, CodecSelection.opus(m).orElseThrow(),
                CodecSelection.telephoneEvent(m).orElse(-1), ptime);
    }

    /** ICE credentials, fingerprint and setup from the bundle's transport m-line, falling back to session level. */
    private static RemoteTransport remoteTransport(SessionDescription offer, MediaDescription m)
            throws SdpRejectedException {
        String ufrag = m.attribute("ice-ufrag").or(() -> offer.attribute("ice-ufrag"))
                .orElseThrow(() -> new SdpRejectedException(BAD_SDP, "offer has no a=ice-ufrag"));
        String pwd = m.attribute("ice-pwd").or(() -> offer.attribute("ice-pwd"))
                .orElseThrow(() -> new SdpRejectedException(BAD_SDP, "offer has no a=ice-pwd"));
        String fp = m.attribute("fingerprint").or(() -> offer.attribute("fingerprint"))
                .orElseThrow(() -> new SdpRejectedException(BAD_SDP, "offer has no a=fingerprint"));
        Fingerprint fingerprint = Fingerprint.parse(fp)
                .orElseThrow(() -> new SdpRejectedException(BAD_SDP, "unsupported or malformed a=fingerprint"));
        // RFC 4145 §4: absent means active; either way we answer passive
        String setupValue = m.attribute("setup").or(() -> offer.attribute("setup")).orElse("active");
        DtlsSetup setup = DtlsSetup.parse(setupValue)
                .filter(s -> s.answer().isPresent())
                .orElseThrow(() -> new SdpRejectedException(BAD_SDP, "unusable a=setup:" + setupValue));
        List<IceCandidate> candidates = new ArrayList<>();
        for (String c : m.attributes("candidate")) {
            IceCandidate.parse("candidate:" + c).ifPresent(candidates::add);
        }
        try {
            return new RemoteTransport(ufrag.trim(), pwd.trim(), fingerprint, setup, candidates);
        } catch (IllegalArgumentException e) {
            throw new SdpRejectedException(BAD_SDP, e.getMessage());
        }
    }

    private static MediaDescription audioAnswer(SessionDescription offer, MediaDescription m, NegotiatedAudio audio,
                                                WebRtcSession session, DtlsSetup setup) {
        List<String> formats = new ArrayList<>();
        List<Attribute> attrs = transportAttributes(m, session, setup);
        attrs.add(Attribute.flag(offer.directionOf(m).answer().attributeName()));
        attrs.add(Attribute.of("msid", STREAM_ID + " " + STREAM_ID + "-audio"));
        attrs.add(Attribute.flag("rtcp-mux"));
        formats.add(Integer.toString(audio.payloadType()));
        attrs.add(Attribute.of("rtpmap", audio.payloadType() + " opus/48000/2"));
        attrs.add(Attribute.of("fmtp", audio.payloadType() + " " + CodecSelection.OPUS_FMTP));
        if (audio.telephoneEventPayloadType() >= 0) {
            int te = audio.telephoneEventPayloadType();
            formats.add(Integer.toString(te));
            attrs.add(Attribute.of("rtpmap", m.rtpMap(te).orElseThrow().value()));
            attrs.add(Attribute.of("fmtp", te + " " + m.fmtp(te).orElse("0-15")));
        }
        long ssrc = session.localStreams().audioSsrc();
        attrs.add(Attribute.of("ssrc", ssrc + " cname:" + session.localStreams().cname()));
        attrs.add(Attribute.of("ssrc", ssrc + " msid:" + STREAM_ID + " " + STREAM_ID + "-audio"));
        addCandidates(attrs, session);
        return accepted(m, formats, attrs, session);
    }

    private static MediaDescription videoAnswer(MediaDescription m, VideoSection v, boolean camera,
                                                WebRtcSession session, DtlsSetup setup) {
        List<String> formats = new ArrayList<>();
        List<Attribute> attrs = transportAttributes(m, session, setup);
        attrs.add(Attribute.flag(v.direction().attributeName()));
        attrs.add(Attribute.flag("rtcp-mux"));
        if (m.hasAttribute("rtcp-rsize")) {
            attrs.add(Attribute.flag("rtcp-rsize"));
        }
        for (VideoSection.Payload p : v.payloads()) {
            formats.add(Integer.toString(p.payloadType()));
            attrs.add(Attribute.of("rtpmap", p.payloadType() + " " + p.encodingName() + "/90000"));
            attrs.addAll(CodecSelection.videoFeedback(m, p.payloadType()));
            p.fmtp().ifPresent(f -> attrs.add(Attribute.of("fmtp", p.payloadType() + " " + f)));
        }
        if (camera && v.direction().sends()) {
            long ssrc = session.localStreams().videoSsrc();
            attrs.add(Attribute.of("msid", STREAM_ID + " " + STREAM_ID + "-video"));
            attrs.add(Attribute.of("ssrc", ssrc + " cname:" + session.localStreams().cname()));
            attrs.add(Attribute.of("ssrc", ssrc + " msid:" + STREAM_ID + " " + STREAM_ID + "-video"));
        }
        addCandidates(attrs, session);
        return accepted(m, formats, attrs, session);
    }

    /** The lines every accepted m-line repeats for the one bundled transport (RFC 8843 §7.1.2). */
    private static List<Attribute> transportAttributes(MediaDescription m, WebRtcSession session, DtlsSetup setup) {
        List<Attribute> attrs = new ArrayList<>();
        attrs.add(Attribute.of("mid", m.attribute("mid").orElseThrow()));
        attrs.add(Attribute.of("ice-ufrag", session.localUfrag()));
        attrs.add(Attribute.of("ice-pwd", session.localPassword()));
        attrs.add(Attribute.of("fingerprint", session.localFingerprint().attributeValue()));
        attrs.add(Attribute.of("setup", setup.attributeValue()));
        return attrs;
    }

    private static void addCandidates(List<Attribute> attrs, WebRtcSession session) {
        for (IceCandidate c : session.localCandidates()) {
            attrs.add(Attribute.of("candidate", c.attributeValue().substring("candidate:".length())));
        }
        // RFC 8840 §4.4: all our candidates are in the answer; nothing will trickle
        attrs.add(Attribute.flag("end-of-candidates"));
    }

    private static MediaDescription accepted(MediaDescription offered, List<String> formats, List<Attribute> attrs,
                                             WebRtcSession session) {
        IceCandidate c = session.localCandidates().get(0);
        return new MediaDescription(offered.media(), c.port(), offered.protocol(), formats,
                Optional.of(new Connection(addressType(c.address()), c.address())), List.of(), attrs);
    }

    /**
     * RFC 3264 §6: port 0, the offered formats, and the mid so the browser can match it (RFC 8843 §7.3.3). The
     * answer has no session-level c=, so the section carries its own (RFC 8866 §5.7): the null address JSEP uses
     * for sections without a transport (RFC 8829 §5.3.1).
     */
    private static MediaDescription rejected(MediaDescription m) {
        List<Attribute> attrs = new ArrayList<>();
        m.attribute("mid").ifPresent(mid -> attrs.add(Attribute.of("mid", mid)));
        return new MediaDescription(m.media(), 0, m.protocol(), m.formats(), Optional.of(Connection.ip4("0.0.0.0")),
                List.of(), attrs);
    }

    private static String addressType(String address) {
        return address.contains(":") ? "IP6" : "IP4";
    }
}
