package org.confero.server.sip;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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
import org.confero.server.conference.Leg;
import org.confero.server.conference.LegListener;
import org.confero.server.conference.LegRequest;
import org.confero.server.conference.MediaKind;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.RoomFullException;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.confero.server.sdp.AudioOfferAnswer;
import org.confero.server.sdp.AudioSelection;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.focus.SessionTimerPolicy;
import org.confero.server.transport.MediaEndpoint;
import org.confero.server.transport.UdpMediaTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The focus's answer to a new INVITE for {@code sip:<room>@<us>}: checks, SDP answer (RFC 3264), media sockets,
 * joining the room, then 100/180/200. In-dialog INVITEs go to {@link ReInviteHandler}.
 */
final class InviteHandler implements RequestHandler {
    /** A phone in a PIN room's lobby is hung up when it has not keyed the PIN by then. */
    static final long PIN_TIMEOUT_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(InviteHandler.class);

    private final SipContext sip;
    private final Responder responder;
    private final CallAnswerer answerer;
    private final ConferenceMedia media;
    private final UdpMediaTransport transport;
    private final CallRegistry calls;
    private final SessionTimerPolicy timers;
    private final ReInviteHandler reInvite;
    private final CallTerminator terminator;
    private final ScheduledExecutorService scheduler;
    private final Duration answerDelay;
    private final Clock clock;
    private final AtomicLong participantSequence = new AtomicLong();
    private final Metrics.Counter callsStarted;

    InviteHandler(SipContext sip, Responder responder, CallAnswerer answerer, ConferenceMedia media,
            UdpMediaTransport transport, CallRegistry calls, SessionTimerPolicy timers, ReInviteHandler reInvite,
            CallTerminator terminator, ScheduledExecutorService scheduler, Duration answerDelay, Clock clock) {
        this.sip = sip;
        this.responder = responder;
        this.answerer = answerer;
        this.media = media;
        this.transport = transport;
        this.calls = calls;
        this.timers = timers;
        this.reInvite = reInvite;
        this.terminator = terminator;
        this.scheduler = scheduler;
        this.answerDelay = answerDelay;
        this.clock = clock;
        this.callsStarted = sip.metrics().counter("sip_calls_started_total", "SIP focus calls answered");
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        Request request = event.getRequest();
        if (((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null) {
            reInvite.handle(event, tx);
            return;
        }
        if (calls.find(CallIds.of(request)).isPresent()) {
            responder.reject(tx, request, Response.LOOP_DETECTED, null, "second INVITE with a known Call-ID");
            return;
        }
        if (request.getHeader(ContactHeader.NAME) == null) {
            responder.reject(tx, request, Response.BAD_REQUEST, null, "INVITE without Contact");
            return;
        }
        if (!(request.getRequestURI() instanceof SipURI uri)) {
            responder.reject(tx, request, Response.UNSUPPORTED_URI_SCHEME, null, "not a SIP URI");
            return;
        }
        if (!sip.isLocalHost(uri.getHost())) {
            // No open relay: we only answer for our own domain and addresses.
            responder.reject(tx, request, Response.FORBIDDEN, null, "INVITE for foreign host " + uri.getHost());
            return;
        }
        String roomId = uri.getUser();
        Optional<Room> room = Room.isValidId(roomId) ? media.findRoom(roomId) : Optional.empty();
        if (room.isEmpty()) {
            responder.reject(tx, request, Response.NOT_FOUND, roomId, "no such room");
            return;
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
        Optional<AudioSelection> selection = negotiate(tx, request, roomId);
        if (selection.isEmpty()) {
            return;
        }
        responder.send(tx, sip.messages().createResponse(Response.TRYING, request));
        start(tx, request, room.get(), selection.get(),
                timer instanceof SessionTimerPolicy.Decision.Timer t ? t : null);
    }

    private Optional<AudioSelection> negotiate(ServerTransaction tx, Request request, String roomId) throws Exception {
        if (!SipHeaders.hasBody(request) || !SipHeaders.isSdp(request)) {
            responder.reject(tx, request, Response.NOT_ACCEPTABLE_HERE, roomId, "INVITE without SDP offer",
                    SipHeaders.warning(sip.headers(), sip.advertisedHost(), "Media type not available"));
            return Optional.empty();
        }
        SdpParser.SdpResult parsed = SdpParser.parse(SipHeaders.body(request));
        if (parsed instanceof SdpParser.SdpResult.Invalid invalid) {
            responder.reject(tx, request, Response.BAD_REQUEST, roomId, "bad SDP: " + invalid.reason());
            return Optional.empty();
        }
        var offer = ((SdpParser.SdpResult.Parsed) parsed).sdp();
        AudioOfferAnswer.Outcome outcome = AudioOfferAnswer.select(offer);
        if (outcome instanceof AudioOfferAnswer.Outcome.Rejected rejected) {
            // RFC 3261 §21.4.26 and §20.43: 488 with Warning 304.
            responder.reject(tx, request, Response.NOT_ACCEPTABLE_HERE, roomId, "no common codec",
                    SipHeaders.warning(sip.headers(), sip.advertisedHost(), rejected.reason()));
            return Optional.empty();
        }
        return Optional.of(((AudioOfferAnswer.Outcome.Accepted) outcome).selection());
    }

    private void start(ServerTransaction tx, Request request, Room room, AudioSelection selection,
            SessionTimerPolicy.Decision.Timer timer) throws Exception {
        MediaEndpoint endpoint;
        try {
            endpoint = transport.open(CallAnswerer.remoteRtp(selection).orElse(null),
                    CallAnswerer.remoteRtcp(selection).orElse(null), selection.rtcpMux());
        } catch (IOException e) {
            responder.reject(tx, request, Response.SERVICE_UNAVAILABLE, room.id(), "no RTP port free");
            return;
        }
        String callId = CallIds.of(request);
        String participantId = "sip-" + participantSequence.incrementAndGet();
        FocusCall call = new FocusCall(callId, room.id(), participantId, room.pin().isPresent(), tx, request,
                Tags.next(), endpoint, clock.millis());
        call.selection(selection);
        DtmfReporter dtmf = new DtmfReporter(room.id(), callId, room.pin().isPresent(), sip.metrics());
        PinEntry pinEntry = room.pin().map(pin -> new PinEntry(pin, call, dtmf, terminator, sip.metrics()))
                .orElse(null);
        LegListener digits = pinEntry != null ? pinEntry : dtmf;
        call.listener(digits);
        Leg leg;
        try {
            leg = media.join(new LegRequest(room.id(), participantId, SipHeaders.callerName(request),
                    ParticipantKind.SIP, selection.negotiated(), pinEntry == null), endpoint, digits);
        } catch (RoomFullException e) {
            endpoint.close();
            responder.reject(tx, request, Response.BUSY_HERE, room.id(), "room full");
            return;
        } catch (RuntimeException e) {
            endpoint.close();
            LOG.warn("joining room={} failed for call={}", room.id(), callId, e);
            responder.reject(tx, request, Response.SERVER_INTERNAL_ERROR, room.id(), "media join failed");
            return;
        }
        call.leg(leg);
        endpoint.attach(leg, MediaKind.AUDIO);
        leg.setDirection(!selection.peerHolds(), selection.offerDirection().sends());
        call.dialog(tx.getDialog());
        if (timer != null) {
            call.refreshed(timer, clock.millis());
        }
        if (!calls.add(call)) {
            leg.close();
            endpoint.close();
            responder.reject(tx, request, Response.LOOP_DETECTED, room.id(), "duplicate Call-ID");
            return;
        }
        callsStarted.increment();
        LOG.info("call joining room={} participant={} codec={} call={}{}", room.id(), participantId,
                selection.codec().encodingName(), callId, pinEntry != null ? " (waiting for the PIN)" : "");
        if (pinEntry != null) {
            scheduler.schedule(pinEntry::expire, PIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        try {
            responder.send(tx, answerer.provisional(call, Response.RINGING));
        } catch (Exception e) {
            terminator.released(call, "180 could not be sent");
            throw e;
        }
        if (answerDelay.isZero()) {
            answer(call, timer);
        } else {
            scheduler.schedule(() -> answer(call, timer), answerDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
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
