package org.confero.server.sip;

import java.time.Clock;
import java.util.Optional;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.conference.RoomFullException;
import org.confero.server.sdp.AudioSelection;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.sdp.VideoSelection;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.focus.SessionTimerPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An INVITE inside a focus dialog: session refresh (RFC 4028 §10), hold and resume (RFC 3264 §8.4), a moved
 * media address (§8.3.1), a codec change, or video added (sockets opened), changed or removed (port 0 or no
 * video m-line: sockets closed). A rejected offer leaves the call as it was (RFC 3261 §14.2).
 */
final class ReInviteHandler implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReInviteHandler.class);

    private final SipContext sip;
    private final Responder responder;
    private final CallTerminator terminator;
    private final CallAnswerer answerer;
    private final CallMedia callMedia;
    private final CallRegistry calls;
    private final SessionTimerPolicy timers;
    private final Clock clock;

    ReInviteHandler(SipContext sip, Responder responder, CallAnswerer answerer, CallMedia callMedia,
            CallRegistry calls, SessionTimerPolicy timers, Clock clock, CallTerminator terminator) {
        this.sip = sip;
        this.terminator = terminator;
        this.responder = responder;
        this.answerer = answerer;
        this.callMedia = callMedia;
        this.calls = calls;
        this.timers = timers;
        this.clock = clock;
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        Request request = event.getRequest();
        Optional<FocusCall> found = calls.find(CallIds.of(request));
        if (found.isEmpty() || found.get().state() == FocusCall.State.ENDED) {
            responder.reject(tx, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, "re-INVITE for no call");
            return;
        }
        FocusCall call = found.get();
        SessionTimerPolicy.Decision timer = timers.decide(
                SipHeaders.value(request, "Session-Expires", "x"), SipHeaders.value(request, "Min-SE", null),
                SipHeaders.supports(request, "timer"));
        if (timer instanceof SessionTimerPolicy.Decision.TooSmall small) {
            responder.reject(tx, request, 422, call.roomId(), "session interval too small",
                    sip.headers().createHeader("Min-SE", Integer.toString(small.minSe())));
            return;
        }
        if (timer instanceof SessionTimerPolicy.Decision.Malformed bad) {
            responder.reject(tx, request, Response.BAD_REQUEST, call.roomId(), bad.reason());
            return;
        }
        SessionTimerPolicy.Decision.Timer refreshed = timer instanceof SessionTimerPolicy.Decision.Timer t ? t : null;
        if (call.awaitingAnswer() || call.leg() == null) {
            // RFC 3261 §14.2 / RFC 6337 §3.1.4: our offer in the 200 is still unanswered (no ACK yet).
            responder.reject(tx, request, Response.REQUEST_PENDING, call.roomId(), "re-INVITE before the ACK's answer");
            return;
        }
        if (!SipHeaders.hasBody(request)) {
            // No offer: ours goes in the 200, the answer comes in the ACK (RFC 3261 §14.2).
            call.refreshed(refreshed, clock.millis());
            responder.send(tx, answerer.ok(request, call, call.localSdp(), refreshed));
            return;
        }
        Optional<SessionDescription> offer = parse(tx, request, call);
        if (offer.isEmpty()) {
            return;
        }
        boolean overTls = SipHeaders.transport(request).equals("tls");
        SrtpPolicy.Decision decision = SrtpPolicy.decide(offer.get(), overTls, call.security().encrypted());
        Optional<String> refusal = decision instanceof SrtpPolicy.Decision.Refused r ? Optional.of(r.reason())
                : SrtpContinuity.check(call.security(), ((SrtpPolicy.Decision.Accepted) decision).security());
        if (refusal.isPresent()) {
            // RFC 3261 §14.2: a refused re-INVITE leaves the session as it was
            responder.reject(tx, request, Response.NOT_ACCEPTABLE_HERE, call.roomId(), "re-offer not acceptable",
                    SipHeaders.warning(sip.headers(), sip.advertisedHost(), refusal.get()));
            return;
        }
        SrtpPolicy.Decision.Accepted accepted = (SrtpPolicy.Decision.Accepted) decision;
        AudioSelection s = accepted.audio();
        Optional<VideoSelection> video = SrtpContinuity.keptVideo(call.security(), accepted);
        String before = describeVideo(call);
        if (!s.negotiated().equals(call.selection().negotiated())) {
            try {
                // A new codec or payload type: the leg is rebuilt for it, keeping the audio sockets.
                callMedia.rejoin(call, SipHeaders.callerName(request), s, video);
            } catch (RoomFullException | RuntimeException e) {
                LOG.warn("rejoining room={} with a new codec failed for call={}: {}", call.roomId(), call.callId(),
                        e.toString());
                responder.reject(tx, request, Response.SERVER_INTERNAL_ERROR, call.roomId(), "codec change failed");
                // The old leg is gone and no new one stands: the RTP that keeps arriving must not keep a dead
                // call alive, so it ends now (RFC 3261 §14.2 would keep the old session, which no longer exists).
                terminator.hangUp(call, "codec change failed");
                return;
            }
        } else {
            callMedia.updateVideo(call, video);
        }
        SrtpContinuity.keyNewVideoSocket(call);
        CallSockets.aim(call.endpoint(), s);
        call.leg().setDirection(!s.peerHolds(), s.offerDirection().sends());
        call.selection(s);
        call.refreshed(refreshed, clock.millis());
        SessionDescription answer = CallAnswerer.answer(call, call.localSdp().origin().sessionId(),
                call.nextSdpVersion(), answerer.mediaHost(request));
        call.localSdp(answer);
        LOG.info("re-INVITE room={} participant={} direction={} video {} -> {} call={}", call.roomId(),
                call.participantId(), s.answerDirection().attributeName(), before, describeVideo(call), call.callId());
        responder.send(tx, answerer.ok(request, call, answer, refreshed));
    }

    private static String describeVideo(FocusCall call) {
        return call.video().map(v -> v.codec().encodingName() + "/" + v.payloadType()).orElse("none");
    }

    private Optional<SessionDescription> parse(ServerTransaction tx, Request request, FocusCall call)
            throws Exception {
        if (!SipHeaders.isSdp(request)) {
            responder.reject(tx, request, Response.UNSUPPORTED_MEDIA_TYPE, call.roomId(), "re-INVITE body is not SDP",
                    sip.headers().createAcceptHeader("application", "sdp"));
            return Optional.empty();
        }
        SdpParser.SdpResult parsed = SdpParser.parse(SipHeaders.body(request));
        if (parsed instanceof SdpParser.SdpResult.Invalid invalid) {
            responder.reject(tx, request, Response.BAD_REQUEST, call.roomId(), "bad SDP: " + invalid.reason());
            return Optional.empty();
        }
        return Optional.of(((SdpParser.SdpResult.Parsed) parsed).sdp());
    }
}
