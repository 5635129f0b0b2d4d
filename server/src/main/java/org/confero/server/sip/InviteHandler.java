package org.confero.server.sip;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.Prompt;
import org.confero.server.conference.RoomFullException;
import org.confero.server.meeting.JoinDecision;
import org.confero.server.meeting.RefusalReason;
import org.confero.server.meeting.Role;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.confero.server.sdp.AudioSelection;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sdp.VideoSelection;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.focus.SessionTimerPolicy;
import org.confero.server.sip.sdes.CallSecurity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The focus's answer to a new INVITE for {@code sip:<room>@<us>}: the cheap checks and 100 Trying on the stack's
 * thread, then, on the {@link CallSetupPool}, media sockets, joining the room and 180/200 with the SDP answer
 * (RFC 3264). The stack holds a CANCEL back until this handler returns, so the join must not run here: a CANCEL
 * that comes during the join is marked in {@link PendingInvites} and the setup ends with 487 and nothing left
 * behind (RFC 3261 §9.2). An INVITE without a body gets our offer in the 200 and
 * joins the room when the ACK brings the answer ({@link AckHandler}, RFC 3261 §13.2.1). In-dialog INVITEs go to
 * {@link ReInviteHandler}.
 */
final class InviteHandler implements RequestHandler {
    /** A phone in a PIN room's lobby is hung up when it has not keyed the PIN by then. */
    static final long PIN_TIMEOUT_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(InviteHandler.class);

    private final SipContext sip;
    private final Responder responder;
    private final CallAnswerer answerer;
    private final ConferenceMedia media;
    private final CallMedia callMedia;
    private final KeyframeRequester keyframes;
    private final CallRegistry calls;
    private final SessionTimerPolicy timers;
    private final ReInviteHandler reInvite;
    private final CallTerminator terminator;
    private final ScheduledExecutorService scheduler;
    private final Duration answerDelay;
    private final PendingInvites pending;
    private final Clock clock;
    private final AtomicLong participantSequence = new AtomicLong();
    private final Metrics.Counter callsStarted;
    private final OverloadGate overload;
    private final LobbyGate lobby;
    private final CallSetupPool setups;
    private final MeetingDoor door;

    InviteHandler(SipContext sip, Responder responder, CallAnswerer answerer, ConferenceMedia media,
            CallMedia callMedia, CallRegistry calls, SessionTimerPolicy timers, ReInviteHandler reInvite,
            CallTerminator terminator, ScheduledExecutorService scheduler, KeyframeRequester keyframes,
            Duration answerDelay, Clock clock, OverloadGate overload, PendingInvites pending, CallSetupPool setups,
            MeetingDoor door) {
        this.sip = sip;
        this.door = door;
        this.setups = setups;
        this.pending = pending;
        this.overload = overload;
        this.responder = responder;
        this.answerer = answerer;
        this.media = media;
        this.callMedia = callMedia;
        this.keyframes = keyframes;
        this.calls = calls;
        this.timers = timers;
        this.reInvite = reInvite;
        this.terminator = terminator;
        this.scheduler = scheduler;
        this.answerDelay = answerDelay;
        this.clock = clock;
        this.callsStarted = sip.metrics().counter("sip_calls_started_total", "SIP focus calls answered");
        this.lobby = new LobbyGate(sip, responder, calls);
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        Request request = event.getRequest();
        if (((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null) {
            reInvite.handle(event, tx);
            return;
        }
        if (overload.refused(tx, request)) {
            return; // at capacity: 503 before any work (RFC 3261 §21.5.4)
        }
        if (calls.find(CallIds.of(request)).isPresent()) {
            responder.reject(tx, request, Response.LOOP_DETECTED, null, "second INVITE with a known Call-ID");
            return;
        }
        if (request.getHeader(ContactHeader.NAME) == null) {
            responder.reject(tx, request, Response.BAD_REQUEST, null, "INVITE without Contact");
            return;
        }
        if (request.getRequestURI() instanceof SipURI uri && uri.isSecure()
                && !SipHeaders.transport(request).equals("tls")) {
            // RFC 3261 §26.2.2: a sips: request travels over TLS, never in the clear
            responder.reject(tx, request, Response.UNSUPPORTED_URI_SCHEME, null, "sips: over a plain transport");
            return;
        }
        Optional<Room> room = RoomTarget.resolve(sip, responder, media, tx, request);
        if (room.isEmpty()) {
            return;
        }
        String roomId = room.get().id();
        if (!lobby.admits(tx, request, room.get())) {
            return; // guard: the PIN room's lobby, or this address's share of lobbies, is full
        }
        SessionTimerPolicy.Decision timer = timers.decide(
                SipHeaders.value(request, "Session-Expires", "x"), SipHeaders.value(request, "Min-SE", null),
                SipHeaders.supports(request, "timer"));
        if (timer instanceof SessionTimerPolicy.Decision.TooSmall small) {
            responder.reject(tx, request, 422, roomId, "session interval too small",
                    sip.headers().createHeader("Min-SE", Integer.toString(small.minSe())));
            return;
        }
        if (timer instanceof SessionTimerPolicy.Decision.Malformed bad) {
            responder.reject(tx, request, Response.BAD_REQUEST, roomId, bad.reason());
            return;
        }
        Optional<Offer> offer = negotiate(tx, request, room.get());
        if (offer.isEmpty()) {
            return;
        }
        String callId = CallIds.of(request);
        if (!pending.begin(callId)) {
            responder.reject(tx, request, Response.LOOP_DETECTED, roomId, "second INVITE while its Call-ID is set up");
            return;
        }
        try {
            responder.send(tx, sip.messages().createResponse(Response.TRYING, request));
        } catch (Exception e) {
            pending.end(callId);
            throw e;
        }
        Room target = room.get();
        Offer offered = offer.get();
        SessionTimerPolicy.Decision.Timer interval = timer instanceof SessionTimerPolicy.Decision.Timer t ? t : null;
        try {
            setups.submit(new CallSetupPool.Setup() {
                @Override
                public void run() {
                    setUp(tx, request, target, offered, interval);
                }

                @Override
                public void refuse() {
                    pending.end(callId);
                    responder.reject(tx, request, Response.SERVICE_UNAVAILABLE, target.id(), "server shutting down");
                }
            });
        } catch (RejectedExecutionException e) {
            pending.end(callId);
            overload.refuseBacklog(tx, request); // the gate saw room a moment ago; another INVITE took it
        }
    }

    /** On the setup pool: the call's sockets, room join and answer, unless a CANCEL came first. */
    private void setUp(ServerTransaction tx, Request request, Room room, Offer offer,
            SessionTimerPolicy.Decision.Timer timer) {
        String callId = CallIds.of(request);
        try {
            if (pending.cancelled(callId)) {
                pending.end(callId);
                responder.send(tx, responder.create(request, Response.REQUEST_TERMINATED));
                LOG.info("call cancelled before its setup room={} call={}", room.id(), callId);
                return;
            }
            start(tx, request, room, offer, timer);
        } catch (Exception | LinkageError e) {
            LOG.warn("call setup failed room={} call={}", room.id(), callId, e);
            try {
                responder.send(tx, responder.create(request, Response.SERVER_INTERNAL_ERROR));
            } catch (Exception ignored) {
                // the transaction may have answered already
            }
        } finally {
            pending.end(callId); // every path out of the setup closes its window
        }
    }

    /**
     * What the INVITE offered: audio and maybe video, and their SRTP keys; {@code audio} null for a delayed offer
     * (no body).
     */
    private record Offer(AudioSelection audio, Optional<VideoSelection> video, CallSecurity security) {
        static final Offer DELAYED = new Offer(null, Optional.empty(), CallSecurity.PLAIN);

        boolean delayed() {
            return audio == null;
        }
    }

    private Optional<Offer> negotiate(ServerTransaction tx, Request request, Room room) throws Exception {
        String roomId = room.id();
        boolean required = sip.requireEncryption() || room.requireEncryption();
        boolean overTls = SipHeaders.transport(request).equals("tls");
        if (!SipHeaders.hasBody(request)) {
            if (required) {
                // our own offer would be plain RTP: ask for an offer with keys instead
                responder.reject(tx, request, Response.NOT_ACCEPTABLE_HERE, roomId, "encryption required",
                        SipHeaders.warning(sip.headers(), sip.advertisedHost(),
                                "encryption required: send an SDP offer with RTP/SAVP and a=crypto over TLS"));
                return Optional.empty();
            }
            return Optional.of(Offer.DELAYED); // RFC 3261 §13.2.1: the offer is ours, in the 200
        }
        if (!SipHeaders.isSdp(request)) {
            responder.reject(tx, request, Response.UNSUPPORTED_MEDIA_TYPE, roomId, "INVITE body is not SDP",
                    sip.headers().createAcceptHeader("application", "sdp"));
            return Optional.empty();
        }
        SdpParser.SdpResult parsed = SdpParser.parse(SipHeaders.body(request));
        if (parsed instanceof SdpParser.SdpResult.Invalid invalid) {
            responder.reject(tx, request, Response.BAD_REQUEST, roomId, "bad SDP: " + invalid.reason());
            return Optional.empty();
        }
        var sdp = ((SdpParser.SdpResult.Parsed) parsed).sdp();
        SrtpPolicy.Decision decision = SrtpPolicy.decide(sdp, overTls, required);
        if (decision instanceof SrtpPolicy.Decision.Refused refused) {
            // RFC 3261 §21.4.26 and §20.43: 488 with Warning 304.
            responder.reject(tx, request, Response.NOT_ACCEPTABLE_HERE, roomId, "offer not acceptable",
                    SipHeaders.warning(sip.headers(), sip.advertisedHost(), refused.reason()));
            return Optional.empty();
        }
        SrtpPolicy.Decision.Accepted accepted = (SrtpPolicy.Decision.Accepted) decision;
        return Optional.of(new Offer(accepted.audio(), accepted.video(), accepted.security()));
    }

    private void start(ServerTransaction tx, Request request, Room room, Offer offer,
            SessionTimerPolicy.Decision.Timer timer) throws Exception {
        boolean pinFirst = room.pin().isPresent();
        // Without a participant PIN every caller is a participant, decided now; with one, the PIN tells the role
        // later, and only what refuses even a host (a full room) is answered now.
        JoinDecision decision = door.decide(room,
                pinFirst && room.hostPin().isPresent() ? Role.HOST : Role.PARTICIPANT);
        if (decision instanceof JoinDecision.Refuse full && full.reason() == RefusalReason.FULL) {
            // The seats are counted where they are taken, at the media join (486 there): a seat another call is
            // just giving up is free by then.
            decision = new JoinDecision.Admit();
        }
        if (decision instanceof JoinDecision.Refuse refusal) {
            door.refuse(tx, request, room, refusal);
            return;
        }
        boolean admitNow = !pinFirst && decision instanceof JoinDecision.Admit;
        if (offer.delayed() && media.participantCount(room.id()) >= room.maxParticipants()) {
            // The leg joins only at the ACK; a room already full is refused now rather than with a BYE then.
            responder.reject(tx, request, Response.BUSY_HERE, room.id(), "room full");
            return;
        }
        CallSockets.Opened sockets;
        try {
            sockets = offer.delayed() ? CallSockets.openForOffer(callMedia.transport())
                    : CallSockets.open(callMedia.transport(), offer.audio(), offer.video());
        } catch (IOException e) {
            responder.reject(tx, request, Response.SERVICE_UNAVAILABLE, room.id(), "no RTP port free");
            return;
        }
        // keys on the sockets before anything is sent or received on them
        offer.security().audio().ifPresent(k -> sockets.audio().encrypt(k.transformer()));
        offer.security().video().ifPresent(k -> sockets.video().ifPresent(v -> v.encrypt(k.transformer())));
        String callId = CallIds.of(request);
        String participantId = "sip-" + participantSequence.incrementAndGet();
        FocusCall call = new FocusCall(callId, room.id(), participantId, pinFirst, tx, request,
                Tags.next(), sockets.audio(), clock.millis());
        call.inMeeting(admitNow);
        call.prompt(pinFirst ? Prompt.ENTER_PIN : null);
        call.videoEndpoint(sockets.video().orElse(null));
        call.awaitingAnswer(offer.delayed());
        call.security(offer.security());
        DtmfReporter dtmf = new DtmfReporter(room.id(), callId, room.pin().isPresent(), sip.metrics());
        PinEntry pinEntry = pinFirst ? new PinEntry(room, door, call, dtmf, terminator, sip.metrics(),
                sip.guards().pins()) : null;
        call.listener(new CallListener(pinEntry != null ? pinEntry : dtmf, call, keyframes, scheduler, sip.metrics()));
        if (!offer.delayed() && !join(tx, request, call, offer, admitNow)) {
            return;
        }
        call.dialog(tx.getDialog());
        if (timer != null) {
            call.refreshed(timer, clock.millis());
        }
        if (!calls.add(call)) {
            if (call.leg() != null) {
                call.leg().close();
            }
            call.closeMedia();
            responder.reject(tx, request, Response.LOOP_DETECTED, room.id(), "duplicate Call-ID");
            return;
        }
        if (pending.end(callId)) {
            terminator.cancelled(call); // the CANCEL came while we joined: 487, leg and sockets closed
            return;
        }
        callsStarted.increment();
        if (!pinFirst) {
            door.act(call, room, Role.PARTICIPANT, decision); // a member now, or waiting in the lobby
        }
        LOG.info("call {} room={} participant={} audio={} video={} media={} call={}{}",
                offer.delayed() ? "offered" : "joining",
                room.id(), participantId, offer.delayed() ? "(our offer)" : offer.audio().codec().encodingName(),
                call.video().map(v -> v.codec().encodingName()).orElse(offer.delayed() ? "(our offer)" : "none"),
                offer.security().audio().map(k -> "SRTP " + k.local().profile().sdesName()).orElse("RTP"), callId, pinEntry != null ? " (waiting for the PIN)" : "");
        if (pinEntry != null) {
            scheduler.schedule(pinEntry::expire, PIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        try {
            responder.send(tx, answerer.provisional(call, Response.RINGING));
        } catch (Exception e) {
            if (call.state() == FocusCall.State.ENDED) {
                return; // a CANCEL answered the INVITE 487 between our look and the 180
            }
            terminator.released(call, "180 could not be sent");
            throw e;
        }
        if (answerDelay.isZero()) {
            answer(call, timer);
        } else {
            scheduler.schedule(() -> answer(call, timer), answerDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Joins the room now (offer in the INVITE); false, with the sockets closed and an error sent, if it fails. */
    private boolean join(ServerTransaction tx, Request request, FocusCall call, Offer offer, boolean admitted) {
        try {
            // out of the mix until the ACK: an answered call whose caller never confirms costs no tick
            callMedia.join(call, SipHeaders.callerName(request), offer.audio(), offer.video(), admitted, false);
            return true;
        } catch (RoomFullException e) {
            call.closeMedia();
            responder.reject(tx, request, Response.BUSY_HERE, call.roomId(), "room full");
        } catch (RuntimeException e) {
            if (call.leg() != null) {
                call.leg().close();
            }
            call.closeMedia();
            LOG.warn("joining room={} failed for call={}", call.roomId(), call.callId(), e);
            responder.reject(tx, request, Response.SERVER_INTERNAL_ERROR, call.roomId(), "media join failed");
        }
        return false;
    }

    /** The 200 OK; a call whose answer cannot be sent is ended at once rather than left to time out. */
    private void answer(FocusCall call, SessionTimerPolicy.Decision.Timer timer) {
        try {
            answerer.sendInitialAnswer(call, timer);
        } catch (Exception e) {
            LOG.warn("answering room={} call={} failed: {}", call.roomId(), call.callId(), e.toString());
            terminator.hangUp(call, "answer could not be sent");
        }
    }
}
