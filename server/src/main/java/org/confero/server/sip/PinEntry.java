package org.confero.server.sip;

import org.confero.server.conference.Leg;
import org.confero.server.conference.LegListener;
import org.confero.server.conference.Prompt;
import org.confero.server.guard.PinGuard;
import org.confero.server.guard.SampledLog;
import org.confero.server.meeting.Role;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.confero.server.sip.focus.FocusCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A phone calling a room with a PIN: the call is answered, hears the "enter PIN" prompt and neither hears the room
 * nor is heard until the caller keys a PIN on the keypad (RFC 4733 events or SIP INFO), optionally ending it with
 * {@code #}. The host PIN makes the caller a host, the participant PIN a participant ({@link PinRoles}); the
 * room's meeting then decides ({@link MeetingDoor}). An attempt ends with {@code #} or once as many digits as the
 * PIN has were keyed (so a stream of digits without {@code #} cannot try every PIN in one sliding window); a wrong
 * one plays the "wrong PIN" prompt, and after {@value #MAX_ATTEMPTS} wrong ones the call is ended. Every attempt
 * spends from the room's PIN budget and every wrong one counts against the caller's address ({@link PinGuard}):
 * a guessing address is banned and its call ended. Digits are never logged.
 */
final class PinEntry implements LegListener {
    static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(PinEntry.class);
    private static final int MAX_DIGITS = 32;
    /** Guessers repeat this at will: one line per second at most, across all calls. */
    private static final SampledLog WRONG_LOG = new SampledLog(LOG, 1_000);

    private final PinRoles pins;
    private final Room room;
    private final MeetingDoor door;
    private final FocusCall call;
    private final LegListener next;
    private final CallTerminator terminator;
    private final Metrics.Counter accepted;
    private final Metrics.Counter refused;
    private final PinGuard guard;
    private final StringBuilder typed = new StringBuilder();
    private int attempts;
    private boolean admitted;

    PinEntry(Room room, MeetingDoor door, FocusCall call, LegListener next, CallTerminator terminator,
            Metrics metrics, PinGuard guard) {
        this.guard = guard;
        this.room = room;
        this.door = door;
        this.pins = PinRoles.of(room);
        this.call = call;
        this.next = next;
        this.terminator = terminator;
        this.accepted = metrics.counter("sip_pin_accepted_total", "phones admitted after keying the room PIN");
        this.refused = metrics.counter("sip_pin_refused_total", "wrong PINs keyed by phones");
    }

    @Override
    public void onDtmf(char digit) {
        next.onDtmf(digit);
        Role role = null;
        boolean hangUp = false;
        boolean wrong = false;
        synchronized (this) {
            if (admitted || call.state() == FocusCall.State.ENDED) {
                return;
            }
            boolean complete = false;
            if (digit == '#') {
                complete = typed.length() > 0; // a '#' on its own (or after an auto-ended attempt) is no attempt
            } else if (digit >= '0' && digit <= '9' && typed.length() < MAX_DIGITS) {
                typed.append(digit);
                complete = pins.completeWithoutHash(typed); // a PIN alone, without '#', also lets the caller in
            }
            if (complete) {
                if (!guard.attemptAllowed(call.roomId())) {
                    attempts++; // the room is under guessing: unchecked, but it still uses up one of the call's
                } else if ((role = pins.roleFor(typed).orElse(null)) != null) {
                    admitted = true;
                } else {
                    attempts++;
                    wrong = true;
                }
                typed.setLength(0);
                hangUp = role == null && attempts >= MAX_ATTEMPTS;
            }
        }
        if (wrong) {
            refused.increment();
            WRONG_LOG.warn(System.currentTimeMillis(), "wrong PIN room={} participant={} call={}", call.roomId(),
                    call.participantId(), call.callId());
            if (guard.failed(call.source(), call.roomId())) {
                terminator.hangUp(call, "caller's address banned for PIN guessing");
                return;
            }
            Leg leg = call.leg();
            if (leg != null && !hangUp) {
                leg.play(Prompt.WRONG_PIN);
            }
        }
        if (role != null) {
            accepted.increment();
            call.pinAccepted(true);
            LOG.info("PIN accepted room={} participant={} role={} call={}", call.roomId(), call.participantId(),
                    role == Role.HOST ? "host" : "participant", call.callId());
            door.enter(call, room, role);
        } else if (hangUp) {
            terminator.hangUp(call, "wrong PIN " + MAX_ATTEMPTS + " times");
        }
    }

    synchronized boolean admitted() {
        return admitted;
    }

    /** Ends the call when nobody keyed the PIN in time. */
    void expire() {
        if (!admitted() && call.state() != FocusCall.State.ENDED) {
            LOG.info("no PIN entered room={} participant={} call={}", call.roomId(), call.participantId(),
                    call.callId());
            terminator.hangUp(call, "no PIN entered");
        }
    }
}
