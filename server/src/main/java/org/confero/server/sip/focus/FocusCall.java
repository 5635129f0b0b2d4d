package org.confero.server.sip.focus;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import org.confero.server.sip.SourceAddress;
import org.confero.server.conference.Leg;
import org.confero.server.conference.Prompt;
import org.confero.server.conference.LegListener;
import org.confero.server.sdp.AudioSelection;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.sdp.VideoSelection;
import org.confero.server.transport.MediaEndpoint;

/**
 * One SIP leg of a room, from the focus's side of the dialog. States move only forward:
 * RINGING → ANSWERED (200 sent) → CONFIRMED (ACK received) → ENDED; any state may jump to ENDED.
 */
public final class FocusCall {
    public enum State { RINGING, ANSWERED, CONFIRMED, ENDED }

    private final String callId;
    private final String roomId;
    private final String participantId;
    private final boolean roomHasPin;
    private final ServerTransaction inviteTransaction;
    private final Request invite;
    private final String toTag;
    private final MediaEndpoint endpoint;
    private final AtomicReference<State> state = new AtomicReference<>(State.RINGING);
    private final long createdMillis;
    private volatile Leg leg;
    private volatile LegListener listener = LegListener.NONE;
    private volatile Dialog dialog;
    private volatile AudioSelection selection;
    private volatile Optional<VideoSelection> video = Optional.empty();
    private volatile MediaEndpoint videoEndpoint;
    private final java.util.concurrent.atomic.AtomicBoolean awaitingAnswer = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean pinAccepted;
    private volatile boolean inMeeting;
    private volatile Prompt prompt;
    /** How the call leaves its meeting (its membership or lobby place); run once, when the call ends. */
    private Runnable leavePlace;
    private boolean placeLeft;
    private final AtomicLong lastFastUpdateMillis = new AtomicLong(Long.MIN_VALUE / 2);
    private volatile SessionDescription localSdp;
    private volatile org.confero.server.sip.sdes.CallSecurity security =
            org.confero.server.sip.sdes.CallSecurity.PLAIN;
    private volatile long sdpVersion = 1;
    private volatile SessionTimerPolicy.Decision.Timer sessionTimer;
    private volatile long lastRefreshMillis;
    private volatile long refreshSentMillis;
    private volatile long lastRtpSeenNanos;
    private volatile long lastRtpProgressMillis;

    public FocusCall(String callId, String roomId, String participantId, boolean roomHasPin,
            ServerTransaction inviteTransaction, Request invite, String toTag, MediaEndpoint endpoint, long nowMillis) {
        this.callId = callId;
        this.roomId = roomId;
        this.participantId = participantId;
        this.roomHasPin = roomHasPin;
        this.inviteTransaction = inviteTransaction;
        this.invite = invite;
        this.toTag = toTag;
        this.endpoint = endpoint;
        this.createdMillis = nowMillis;
        this.lastRefreshMillis = nowMillis;
        this.lastRtpProgressMillis = nowMillis;
        this.lastRtpSeenNanos = endpoint.lastRtpNanos();
        // A leg behind NAT latches only onto media from where its signalling came (RTP hijack defence).
        endpoint.signallingSource(SourceAddress.inet(invite));
    }

    /** The IP address the INVITE came from (what rate limits, bans and lobby limits count by). */
    public String source() {
        return SourceAddress.of(invite);
    }

    public String callId() { return callId; }

    public String roomId() { return roomId; }

    public String participantId() { return participantId; }

    public boolean roomHasPin() { return roomHasPin; }

    public ServerTransaction inviteTransaction() { return inviteTransaction; }

    public Request invite() { return invite; }

    public String toTag() { return toTag; }

    /** The audio m-line's sockets. */
    public MediaEndpoint endpoint() { return endpoint; }

    /** The video m-line's sockets, when video is negotiated (or offered by us and not yet answered). */
    public Optional<MediaEndpoint> videoEndpoint() { return Optional.ofNullable(videoEndpoint); }

    public void videoEndpoint(MediaEndpoint e) {
        if (e != null) {
            e.signallingSource(SourceAddress.inet(invite)); // the same rules for video as for audio
        }
        this.videoEndpoint = e;
    }

    public Optional<VideoSelection> video() { return video; }

    public void video(Optional<VideoSelection> v) { this.video = v; }

    /** True between our 200 OK carrying an offer (delayed offer) and the ACK with the answer (RFC 3261 §13.2.1). */
    public boolean awaitingAnswer() { return awaitingAnswer.get(); }

    public void awaitingAnswer(boolean waiting) { awaitingAnswer.set(waiting); }

    /** True for the one caller that takes the awaited answer (a retransmitted ACK finds it taken). */
    public boolean takeAnswer() { return awaitingAnswer.compareAndSet(true, false); }

    /** The caller keyed a right PIN (which does not yet say whether the meeting lets it in). */
    public boolean pinAccepted() { return pinAccepted; }

    public void pinAccepted(boolean accepted) { this.pinAccepted = accepted; }

    /** The meeting let the caller in: its leg is in the mix; a leg that joins after this (at the ACK) joins admitted. */
    public boolean inMeeting() { return inMeeting; }

    public void inMeeting(boolean in) { this.inMeeting = in; }

    /** The prompt the caller hears while outside the mix, for a leg that joins later; null for none. */
    public Prompt prompt() { return prompt; }

    public void prompt(Prompt p) { this.prompt = p; }

    /**
     * The call's place in its meeting, left when the call ends; a place taken after the end is left at once. A
     * newer place replaces the older one (lobby, then membership) without leaving it: the meeting moved it.
     */
    public void place(Runnable leave) {
        boolean left;
        synchronized (this) {
            left = placeLeft;
            if (!left) {
                leavePlace = leave;
            }
        }
        if (left) {
            leave.run();
        }
    }

    /** Leaves the meeting or its lobby (the call ended); idempotent. */
    public void leavePlace() {
        Runnable leave;
        synchronized (this) {
            placeLeft = true;
            leave = leavePlace;
            leavePlace = null;
        }
        if (leave != null) {
            leave.run();
        }
    }

    /** Closes the audio and video sockets; idempotent. */
    public void closeMedia() {
        endpoint.close();
        MediaEndpoint v = videoEndpoint;
        if (v != null) {
            v.close();
        }
    }

    /** True (and remembered) when no picture_fast_update went to the peer in the last {@code intervalMillis}. */
    public boolean fastUpdateDue(long nowMillis, long intervalMillis) {
        long last = lastFastUpdateMillis.get();
        return nowMillis - last >= intervalMillis && lastFastUpdateMillis.compareAndSet(last, nowMillis);
    }

    public State state() { return state.get(); }

    public long createdMillis() { return createdMillis; }

    public Leg leg() { return leg; }

    public void leg(Leg leg) { this.leg = leg; }

    /** Where this call's digits go, from RFC 4733 and from SIP INFO alike. */
    public LegListener listener() { return listener; }

    public void listener(LegListener l) { this.listener = l; }

    public Dialog dialog() { return dialog; }

    public void dialog(Dialog d) { this.dialog = d; }

    public AudioSelection selection() { return selection; }

    public void selection(AudioSelection s) { this.selection = s; }

    public SessionDescription localSdp() { return localSdp; }

    /** The call's SDES-SRTP keys per m-section (plain when none). */
    public org.confero.server.sip.sdes.CallSecurity security() { return security; }

    public void security(org.confero.server.sip.sdes.CallSecurity s) { this.security = s; }

    public void localSdp(SessionDescription sdp) { this.localSdp = sdp; }

    /** RFC 4566 §5.2: the o= version grows with every new answer we send in this dialog. */
    public long nextSdpVersion() { return ++sdpVersion; }

    public long sdpVersion() { return sdpVersion; }

    public SessionTimerPolicy.Decision.Timer sessionTimer() { return sessionTimer; }

    /** A (re-)INVITE set or refreshed the session timer (RFC 4028 §10). */
    public void refreshed(SessionTimerPolicy.Decision.Timer timer, long nowMillis) {
        this.sessionTimer = timer;
        this.lastRefreshMillis = nowMillis;
        this.refreshSentMillis = 0;
    }

    /** Our own refresh (we are the refresher) got its 2xx. */
    public void refreshAnswered(long nowMillis) {
        this.lastRefreshMillis = nowMillis;
        this.refreshSentMillis = 0;
    }

    /** True when we are the refresher, half the interval has passed and no refresh of ours is in flight. */
    public boolean refreshDue(long nowMillis) {
        SessionTimerPolicy.Decision.Timer t = sessionTimer;
        long sent = refreshSentMillis;
        return t != null && t.weRefresh() && nowMillis - lastRefreshMillis >= t.refreshAfterMillis()
                && (sent == 0 || nowMillis - sent > 32_000); // 64*T1: a lost re-INVITE transaction has ended
    }

    public void refreshSent(long nowMillis) {
        this.refreshSentMillis = nowMillis;
    }

    public boolean sessionExpired(long nowMillis) {
        SessionTimerPolicy.Decision.Timer t = sessionTimer;
        return t != null && nowMillis - lastRefreshMillis >= t.byeAfterMillis();
    }

    /**
     * True when the call is on hold (the last offer was not sendrecv, or had no address): many phones stop
     * sending RTP then even for sendonly, so silence is no fault (RFC 3264 §8.4).
     */
    public boolean onHold() {
        AudioSelection s = selection;
        return s != null && (s.offerDirection() != org.confero.server.sdp.Direction.SENDRECV
                || s.remoteAddress().isEmpty());
    }

    /**
     * Milliseconds of the supervisor's clock since RTP last moved on any of the call's ports (a room system may
     * send video while its microphone is muted); called from the supervisor only.
     */
    public long millisWithoutRtp(long nowMillis) {
        MediaEndpoint v = videoEndpoint;
        long seen = endpoint.lastRtpNanos() + (v == null ? 0 : v.lastRtpNanos());
        if (seen != lastRtpSeenNanos || onHold()) {
            lastRtpSeenNanos = seen;
            lastRtpProgressMillis = nowMillis;
        }
        return nowMillis - lastRtpProgressMillis;
    }

    public boolean moveTo(State from, State to) {
        return state.compareAndSet(from, to);
    }

    /** Marks the call ended; true only for the caller that ended it (so cleanup runs once). */
    public boolean end() {
        return state.getAndSet(State.ENDED) != State.ENDED;
    }

    @Override
    public String toString() {
        return "FocusCall[" + roomId + "/" + participantId + " " + state.get() + " call=" + callId + "]";
    }
}
