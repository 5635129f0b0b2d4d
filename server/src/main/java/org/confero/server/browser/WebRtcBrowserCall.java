package org.confero.server.browser;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.confero.server.conference.Leg;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.LegListener;
import org.confero.server.conference.LegRequest;
import org.confero.server.conference.NegotiatedVideo;
import org.confero.server.conference.ScreenShare;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.conference.RoomFullException;
import org.confero.server.conference.RoomListener;
import org.confero.server.conference.RosterMember;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.signalling.BrowserCall;
import org.confero.server.signalling.CallRejectedException;
import org.confero.server.signalling.ErrorCode;
import org.confero.server.signalling.RosterEntry;
import org.confero.server.signalling.SignallingPeer;
import org.confero.server.webrtc.CloseReason;
import org.confero.server.webrtc.MediaHandler;
import org.confero.server.webrtc.SdpRejectedException;
import org.confero.server.webrtc.SessionListener;
import org.confero.server.webrtc.WebRtcAnswer;
import org.confero.server.webrtc.WebRtcSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser in a room. Its route: browser offer → {@link org.confero.server.webrtc.WebRtcAnswerer} answer →
 * ICE/DTLS on the gateway's port → decrypted Opus into the room's mixer leg; the mixer's mix for this browser →
 * the session (SRTP) → browser. Roster changes reach the browser through its {@link SignallingPeer}.
 */
final class WebRtcBrowserCall implements BrowserCall, MediaHandler, SessionListener, RoomListener {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcBrowserCall.class);

    private final BrowserCallService service;
    private final String roomId;
    private final String participantId;
    private final String displayName;
    private final SignallingPeer peer;
    private final ConferenceMedia.Subscription subscription;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile WebRtcSession session;
    private volatile Leg leg;
    private Optional<NegotiatedVideo> camera = Optional.empty();
    private Optional<ScreenShare> screen = Optional.empty();
    private volatile boolean audioMuted;
    private volatile boolean videoMuted = true;

    WebRtcBrowserCall(BrowserCallService service, String roomId, String participantId, String displayName,
            SignallingPeer peer) {
        this.service = service;
        this.roomId = roomId;
        this.participantId = participantId;
        this.displayName = displayName;
        this.peer = peer;
        this.subscription = service.conference().watch(roomId, this);
    }

    String roomId() {
        return roomId;
    }

    SignallingPeer peer() {
        return peer;
    }

    boolean videoMuted() {
        return videoMuted;
    }

    @Override
    public String participantId() {
        return participantId;
    }

    @Override
    public List<RosterEntry> roster() {
        return service.roster(roomId);
    }

    @Override
    public synchronized String answer(String offerSdp) throws CallRejectedException {
        if (closed.get()) {
            throw new CallRejectedException(ErrorCode.NOT_JOINED, "the call has ended");
        }
        SdpParser.SdpResult parsed = SdpParser.parse(offerSdp);
        if (parsed instanceof SdpParser.SdpResult.Invalid invalid) {
            throw new CallRejectedException(ErrorCode.BAD_SDP, invalid.reason());
        }
        SessionDescription offer = ((SdpParser.SdpResult.Parsed) parsed).sdp();
        boolean first = session == null;
        WebRtcSession current = first ? service.gateway().createSession(participantId, this, this) : session;
        WebRtcAnswer answer;
        try {
            answer = service.answerer().answer(offer, current);
        } catch (SdpRejectedException e) {
            if (first) {
                current.close();
            }
            throw new CallRejectedException(switch (e.code()) {
                case NO_COMMON_CODEC -> ErrorCode.NO_COMMON_CODEC;
                case RATE_LIMITED -> ErrorCode.RATE_LIMITED;
                case BAD_SDP -> ErrorCode.BAD_SDP;
            }, e.getMessage());
        }
        if (first) {
            session = current;
            try {
                Leg joined = service.conference().join(new LegRequest(roomId, participantId, displayName,
                        ParticipantKind.BROWSER, answer.audio(), answer.camera(), current.localStreams(), true),
                        current, LegListener.NONE);
                joined.setMuted(audioMuted);
                leg = joined;
                camera = answer.camera();
                if (answer.screen().isPresent()) {
                    screen = answer.screen();
                    joined.setScreenShare(screen, current);
                }
            } catch (RoomFullException e) {
                close();
                throw new CallRejectedException(ErrorCode.ROOM_FULL, e.getMessage());
            }
        } else {
            Leg l = leg;
            if (l != null && !answer.camera().equals(camera)) {
                camera = answer.camera(); // a re-offer added, changed or removed the camera section
                l.setVideo(camera, current);
            }
            if (l != null && !answer.screen().equals(screen)) {
                screen = answer.screen(); // a re-offer started or stopped sharing the screen
                l.setScreenShare(screen, current);
            }
        }
        return answer.sdp();
    }

    @Override
    public void addRemoteCandidate(String candidate, String sdpMid, int mLineIndex) {
        WebRtcSession s = session;
        if (s == null) {
            LOG.info("room {} participant {} sent a candidate before its offer; ignored", roomId, participantId);
            return;
        }
        if (!s.addRemoteCandidate(candidate)) {
            LOG.info("room {} participant {} candidate refused (not a loopback/allowed UDP host)", roomId,
                    participantId);
        }
    }

    @Override
    public void endOfCandidates() {
        // Our side is answer-only ICE: the browser's checks reach us whatever candidates it still has.
    }

    @Override
    public void setMuted(boolean audio, boolean video) {
        boolean videoChanged = videoMuted != video;
        audioMuted = audio;
        videoMuted = video;
        Leg l = leg;
        if (l != null) {
            l.setMuted(audio); // the conference announces the roster change
            l.setVideoMuted(video);
        }
        if (videoChanged || l == null) {
            service.pushRoster(roomId);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscription.close();
        Leg l = leg;
        if (l != null) {
            l.close();
        }
        WebRtcSession s = session;
        if (s != null) {
            s.close();
        }
        service.ended(this);
        LOG.info("room {} participant {} left (browser)", roomId, participantId);
    }

    // MediaHandler: the gateway's receive thread; hand off and return.

    @Override
    public void onRtp(byte[] buf, int off, int len, long arrivalNanos) {
        Leg l = leg;
        if (l != null) {
            l.receiveBundledRtp(buf, off, len, arrivalNanos);
        }
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len, long arrivalNanos) {
        Leg l = leg;
        if (l != null) {
            l.receiveBundledRtcp(buf, off, len, arrivalNanos);
        }
    }

    // SessionListener

    @Override
    public void onConnected(WebRtcSession s) {
        LOG.info("room {} participant {} media connected ({})", roomId, participantId,
                s.srtpProfile().map(Object::toString).orElse("?"));
    }

    @Override
    public void onClosed(WebRtcSession s, CloseReason reason) {
        // A session whose offer was refused is closed by answer() itself: the browser may send a better offer.
        if (!closed.get() && s == session) {
            LOG.info("room {} participant {} media ended: {}", roomId, participantId, reason);
            peer.disconnect("media-" + reason.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            close();
        }
    }

    @Override
    public void setLayout(String layout) {
        service.conference().setLayout(roomId, layout); // announced to everyone through layoutChanged
    }

    @Override
    public void setSharing(boolean on) {
        // the room shows the shared screen large while anyone shares (the presenter layout), then goes back
        service.conference().setLayout(roomId, on ? "presenter" : "grid");
    }

    // RoomListener

    @Override
    public void layoutChanged(String layout) {
        peer.sendLayout(layout);
    }

    @Override
    public void rosterChanged(List<RosterMember> roster) {
        peer.sendRoster(service.toEntries(roster));
    }

    @Override
    public void activeSpeakerChanged(String speakerId) {
        if (speakerId != null) {
            peer.sendSpeaking(speakerId);
        }
    }
}
