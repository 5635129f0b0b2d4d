package org.confero.server.browser;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.Leg;
import org.confero.server.conference.LegListener;
import org.confero.server.conference.LegRequest;
import org.confero.server.conference.NegotiatedVideo;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.conference.RoomFullException;
import org.confero.server.conference.RoomListener;
import org.confero.server.conference.RosterMember;
import org.confero.server.conference.ScreenShare;
import org.confero.server.meeting.Departure;
import org.confero.server.meeting.Meeting;
import org.confero.server.meeting.MeetingView;
import org.confero.server.meeting.MemberControl;
import org.confero.server.meeting.Membership;
import org.confero.server.meeting.Role;
import org.confero.server.rooms.Room;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.signalling.BrowserCall;
import org.confero.server.signalling.CallRejectedException;
import org.confero.server.signalling.ClientMessage;
import org.confero.server.signalling.ErrorCode;
import org.confero.server.signalling.HostControl;
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
final class WebRtcBrowserCall implements BrowserCall, MediaHandler, SessionListener, RoomListener, MemberControl {
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
    private final Meeting meeting;
    private final boolean hostedRoom;
    private volatile Membership membership;

    WebRtcBrowserCall(BrowserCallService service, Room room, String participantId, String displayName,
            SignallingPeer peer, Meeting meeting) {
        this.service = service;
        this.meeting = meeting;
        this.hostedRoom = room.ownerId().isPresent();
        String roomId = room.id();
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

    /** Enters the meeting; a host's panel gets the meeting's state after {@code joined}. */
    void enterMeeting(Role role) {
        membership = meeting.join(participantId, displayName, ParticipantKind.BROWSER, role, this);
        if (role == Role.HOST) {
            peer.sendMeeting(HostActions.message(meeting.view()));
        }
    }

    @Override
    public boolean mayUnmute() {
        Membership m = membership;
        return m == null || m.mayUnmute();
    }

    @Override
    public HostControl control(ClientMessage.Host control) {
        return HostActions.apply(meeting, participantId, control);
    }

    @Override
    public boolean layoutRefused() {
        return hostedRoom && !meeting.isHost(participantId);
    }

    // MemberControl: the meeting's event thread.

    @Override
    public void hostMute(boolean muted) {
        if (muted) {
            audioMuted = true;
            Leg l = leg;
            if (l != null) {
                l.setMuted(true); // the voice leaves the mix on the server, whatever the browser does
            }
        }
        peer.sendHostMute(muted);
    }

    @Override
    public void depart(Departure why) {
        LOG.info("room {} participant {} sent away: {}", roomId, participantId, why);
        peer.disconnect(why == Departure.REMOVED ? "removed" : "ended");
        close();
    }

    @Override
    public void meetingChanged(MeetingView view) {
        peer.sendMeeting(HostActions.message(view));
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
            throw new CallRejectedException(e.code() == SdpRejectedException.Code.NO_COMMON_CODEC
                    ? ErrorCode.NO_COMMON_CODEC : ErrorCode.BAD_SDP, e.getMessage());
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
        Membership m = membership;
        if (m != null) {
            m.leave();
        }
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
        peer.sendRoster(service.toEntries(roomId, roster));
    }

    @Override
    public void activeSpeakerChanged(String speakerId) {
        if (speakerId != null) {
            peer.sendSpeaking(speakerId);
        }
    }
}
