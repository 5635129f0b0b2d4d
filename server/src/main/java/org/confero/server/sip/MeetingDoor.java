package org.confero.server.sip;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.ServerTransaction;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.conference.Leg;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.conference.Prompt;
import org.confero.server.meeting.Departure;
import org.confero.server.meeting.JoinDecision;
import org.confero.server.meeting.LobbyFullException;
import org.confero.server.meeting.LobbyListener;
import org.confero.server.meeting.LobbyTicket;
import org.confero.server.meeting.Meeting;
import org.confero.server.meeting.MeetingRegistry;
import org.confero.server.meeting.MemberControl;
import org.confero.server.meeting.Membership;
import org.confero.server.meeting.RefusalReason;
import org.confero.server.meeting.Role;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.confero.server.sip.focus.FocusCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a phone meets the room's {@link Meeting}: the joining rules decide what a caller of a known role gets.
 * Admitted, it enters the mix as a member the hosts control (mute, remove, end: {@link MemberControl}); told to
 * wait, it stays answered but outside the mix, hears the waiting prompt and takes no seat until a host admits it
 * (then it enters the mix) or denies it (BYE). A refusal before the answer is a final response (LOCKED 403 with a
 * Warning, ENDED and NOT_STARTED 480 with Retry-After, FULL 486, each with a Reason); after the answer (the role
 * came from a PIN) it is a BYE with the same Reason (RFC 3326).
 */
final class MeetingDoor {
    private static final Logger LOG = LoggerFactory.getLogger(MeetingDoor.class);

    private final SipContext sip;
    private final Responder responder;
    private final MeetingRegistry meetings;
    private final CallTerminator terminator;
    private final Clock clock;
    private final Metrics.Counter waited;
    private final Metrics.Counter refused;

    MeetingDoor(SipContext sip, Responder responder, MeetingRegistry meetings, CallTerminator terminator, Clock clock) {
        this.sip = sip;
        this.responder = responder;
        this.meetings = meetings;
        this.terminator = terminator;
        this.clock = clock;
        this.waited = sip.metrics().counter("sip_meeting_lobby_total", "phones put in a meeting's lobby");
        this.refused = sip.metrics().counter("sip_meeting_refused_total",
                "phones refused by a meeting's rules (locked, ended, not started, full)");
    }

    JoinDecision decide(Room room, Role role) {
        return meetings.meeting(room).decide(role, clock.instant());
    }

    /** Answers the INVITE with the refusal's final response; the call was never answered. */
    void refuse(ServerTransaction tx, Request request, Room room, JoinDecision.Refuse refusal) {
        refused.increment();
        int status = status(refusal.reason());
        try {
            java.util.List<Header> extra = new java.util.ArrayList<>();
            extra.add(reasonHeader(status, text(refusal.reason())));
            if (refusal.reason() == RefusalReason.LOCKED) {
                extra.add(sip.headers().createWarningHeader(sip.advertisedHost(), 399, text(refusal.reason())));
            }
            Optional<Long> retry = refusal.retryAfterSeconds(clock.instant());
            if (status == Response.TEMPORARILY_UNAVAILABLE) {
                extra.add(sip.headers().createRetryAfterHeader(retry.orElse(60L).intValue()));
            }
            responder.reject(tx, request, status, room.id(), text(refusal.reason()), extra.toArray(Header[]::new));
        } catch (Exception e) {
            LOG.warn("refusing a call to room={} failed: {}", room.id(), e.toString());
        }
    }

    /** The caller's role is known (its PIN, or a room without a participant PIN): it enters, waits, or is sent away. */
    void enter(FocusCall call, Room room, Role role) {
        act(call, room, role, decide(room, role));
    }

    /** Carries out a decision taken for this caller (before its answer, for a room without a participant PIN). */
    void act(FocusCall call, Room room, Role role, JoinDecision decision) {
        Meeting meeting = meetings.meeting(room);
        if (decision instanceof JoinDecision.Admit) {
            seat(call, meeting, role);
        } else if (decision instanceof JoinDecision.WaitInLobby) {
            waitInLobby(call, meeting, role);
        } else if (decision instanceof JoinDecision.Refuse refusal) {
            refused.increment();
            int status = status(refusal.reason());
            LOG.info("room {} participant {} refused after its PIN: {} call={}", call.roomId(), call.participantId(),
                    refusal.reason(), call.callId());
            terminator.hangUp(call, "refused: " + refusal.reason(), reason(status, text(refusal.reason())));
        }
    }

    private void seat(FocusCall call, Meeting meeting, Role role) {
        if (call.state() == FocusCall.State.ENDED) {
            return;
        }
        Membership membership = meeting.join(call.participantId(), SipHeaders.callerName(call.invite()),
                ParticipantKind.SIP, role, new PhoneControl(call));
        call.prompt(null);
        call.inMeeting(true); // before reading the leg: a leg that joins later (at the ACK) joins admitted
        Leg leg = call.leg();
        if (leg != null) {
            leg.play(null);
            leg.admit();
        }
        call.place(membership::leave);
        LOG.info("room {} participant {} in the meeting as {} call={}", call.roomId(), call.participantId(),
                role == Role.HOST ? "host" : "participant", call.callId());
    }

    private void waitInLobby(FocusCall call, Meeting meeting, Role role) {
        call.prompt(Prompt.WAITING);
        Leg leg = call.leg();
        if (leg != null) {
            leg.play(Prompt.WAITING);
        }
        // The place is set before the lobby is entered: a host may admit the caller (and seat() replace the
        // place) before enterLobby even returns.
        AtomicReference<LobbyTicket> held = new AtomicReference<>();
        call.place(() -> {
            LobbyTicket t = held.get();
            if (t != null) {
                t.leave();
            }
        });
        try {
            held.set(meeting.enterLobby(call.participantId(), SipHeaders.callerName(call.invite()),
                    ParticipantKind.SIP, new LobbyListener() {
                        @Override
                        public void admitted() {
                            seat(call, meeting, role);
                        }

                        @Override
                        public void denied() {
                            terminator.hangUp(call, "not admitted from the lobby",
                                    reason(Response.FORBIDDEN, "not admitted by a host"));
                        }
                    }));
        } catch (LobbyFullException e) {
            terminator.hangUp(call, "meeting lobby full", reason(Response.BUSY_HERE, "lobby full"));
            return;
        }
        if (call.state() == FocusCall.State.ENDED) {
            held.get().leave(); // the call ended while it entered: its place may have been left empty
            return;
        }
        waited.increment();
        LOG.info("room {} participant {} waits in the lobby call={}", call.roomId(), call.participantId(),
                call.callId());
    }

    private Optional<Header> reason(int status, String text) {
        try {
            return Optional.of(reasonHeader(status, text));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private Header reasonHeader(int status, String text) throws Exception {
        return sip.headers().createHeader("Reason", "SIP ;cause=" + status + " ;text=\"" + text + "\"");
    }

    static int status(RefusalReason reason) {
        return switch (reason) {
            case LOCKED -> Response.FORBIDDEN;
            case ENDED, NOT_STARTED -> Response.TEMPORARILY_UNAVAILABLE;
            case FULL -> Response.BUSY_HERE;
        };
    }

    static String text(RefusalReason reason) {
        return switch (reason) {
            case LOCKED -> "the room is locked";
            case ENDED -> "the meeting has ended";
            case NOT_STARTED -> "the meeting has not started";
            case FULL -> "the room is full";
        };
    }

    /** How the meeting's hosts act on a phone in it. */
    private final class PhoneControl implements MemberControl {
        private final FocusCall call;

        PhoneControl(FocusCall call) {
            this.call = call;
        }

        @Override
        public void hostMute(boolean muted) {
            Leg leg = call.leg();
            if (leg != null) {
                leg.setMuted(muted);
            }
        }

        @Override
        public void depart(Departure why) {
            terminator.hangUp(call, why == Departure.ENDED ? "meeting ended by a host" : "removed by a host",
                    reason(Response.TEMPORARILY_UNAVAILABLE,
                            why == Departure.ENDED ? "the meeting has ended" : "removed by a host"));
        }
    }
}
