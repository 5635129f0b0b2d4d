package org.confero.server.sip;

import java.util.Optional;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import org.confero.server.conference.RoomFullException;
import org.confero.server.sdp.AudioOfferAnswer;
import org.confero.server.sdp.AudioSelection;
import org.confero.server.sdp.LocalOffer;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.sdp.VideoSelection;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACK for our 2xx confirms the dialog (RFC 3261 §13.3.1.4); ACKs for re-INVITEs change nothing. After a delayed
 * offer the ACK carries the answer: the sockets are aimed at it and the leg joins the room then. An ACK without
 * an answer, or with one we cannot use, ends the call with BYE (RFC 3261 §13.3.1.4, RFC 3264 §6).
 */
final class AckHandler implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AckHandler.class);

    private final CallRegistry calls;
    private final CallMedia callMedia;
    private final CallAnswerer answerer;
    private final CallTerminator terminator;

    AckHandler(CallRegistry calls, CallMedia callMedia, CallAnswerer answerer, CallTerminator terminator) {
        this.calls = calls;
        this.callMedia = callMedia;
        this.answerer = answerer;
        this.terminator = terminator;
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) {
        Optional<FocusCall> found = calls.find(CallIds.of(event.getRequest()));
        if (found.isEmpty()) {
            return;
        }
        FocusCall call = found.get();
        if (call.state() == FocusCall.State.ANSWERED && call.takeAnswer()) {
            answered(call, event.getRequest());
        }
        if (call.moveTo(FocusCall.State.ANSWERED, FocusCall.State.CONFIRMED) && call.leg() != null) {
            call.leg().confirm(); // the leg enters the room's mix only now
        }
    }

    private void answered(FocusCall call, Request ack) {
        Optional<SessionDescription> answer = parse(ack);
        Optional<AudioSelection> audio = answer.flatMap(a -> AudioOfferAnswer.select(a)
                instanceof AudioOfferAnswer.Outcome.Accepted ok ? Optional.of(ok.selection()) : Optional.empty());
        if (audio.isEmpty()) {
            terminator.hangUp(call, answer.isEmpty() ? "ACK without an SDP answer" : "ACK answer has no usable audio");
            return;
        }
        Optional<VideoSelection> video = LocalOffer.answeredVideo(answer.get());
        CallSockets.aim(call.endpoint(), audio.get());
        if (video.isPresent()) {
            CallSockets.aim(call.videoEndpoint().orElseThrow(), video.get());
        } else {
            call.videoEndpoint().ifPresent(e -> e.close()); // the answer rejected video (port 0) or named nothing
            call.videoEndpoint(null);
        }
        try {
            callMedia.join(call, SipHeaders.callerName(call.invite()), audio.get(), video, call.inMeeting(), true);
        } catch (RoomFullException | RuntimeException e) {
            LOG.info("delayed-offer call could not join room={} call={}: {}", call.roomId(), call.callId(), e.toString());
            terminator.hangUp(call, "joining the room failed");
            return;
        }
        // Later re-offers (session refresh, re-INVITE without SDP) repeat what was settled, not the whole offer.
        call.localSdp(CallAnswerer.answer(call, call.localSdp().origin().sessionId(), call.nextSdpVersion(),
                answerer.mediaHost(call.invite())));
        LOG.info("call joining room={} participant={} codec={} video={} call={} (answer in ACK)", call.roomId(),
                call.participantId(), audio.get().codec().encodingName(),
                call.video().map(v -> v.codec().encodingName()).orElse("none"), call.callId());
    }

    private static Optional<SessionDescription> parse(Request ack) {
        if (!SipHeaders.hasBody(ack) || !SipHeaders.isSdp(ack)) {
            return Optional.empty();
        }
        return SdpParser.parse(SipHeaders.body(ack)) instanceof SdpParser.SdpResult.Parsed p
                ? Optional.of(p.sdp()) : Optional.empty();
    }
}
