package org.confero.server.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.confero.server.conference.Leg;
import org.confero.server.conference.LegListener;
import org.confero.server.guard.PinGuard;
import org.confero.server.guard.SampledLog;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.focus.FocusCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lobby of a phone calling a room with a PIN: the call is answered but neither hears nor is heard until the
 * caller keys the PIN on the keypad (RFC 4733 events or SIP INFO), optionally ending it with {@code #}. An attempt
 * ends with {@code #} or once as many digits as the PIN has were keyed (so a stream of digits without {@code #}
 * cannot try every PIN in one sliding window); after {@value #MAX_ATTEMPTS} wrong ones the call is ended. Every
 * attempt spends from the room's PIN budget and every wrong one counts against the caller's address
 * ({@link PinGuard}): a guessing address is banned and its call ended. Digits are never logged.
 */
final class PinEntry implements LegListener {
    static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(PinEntry.class);
    private static final int MAX_DIGITS = 32;
    /** Guessers repeat this at will: one line per second at most, across all calls. */
    private static final SampledLog WRONG_LOG = new SampledLog(LOG, 1_000);

    private final byte[] pin;
    private final FocusCall call;
    private final LegListener next;
    private final CallTerminator terminator;
    private final Metrics.Counter accepted;
    private final Metrics.Counter refused;
    private final PinGuard guard;
    private final StringBuilder typed = new StringBuilder();
    private int attempts;
    private boolean admitted;

    PinEntry(String pin, FocusCall call, LegListener next, CallTerminator terminator, Metrics metrics,
            PinGuard guard) {
        this.guard = guard;
        this.pin = pin.getBytes(StandardCharsets.US_ASCII);
        this.call = call;
        this.next = next;
        this.terminator = terminator;
        this.accepted = metrics.counter("sip_pin_accepted_total", "phones admitted after keying the room PIN");
        this.refused = metrics.counter("sip_pin_refused_total", "wrong PINs keyed by phones");
    }

    @Override
    public void onDtmf(char digit) {
        next.onDtmf(digit);
        boolean admitNow = false;
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
                complete = typed.length() == pin.length; // the PIN alone, without '#', also lets the caller in
            }
            if (complete) {
                if (!guard.attemptAllowed(call.roomId())) {
                    attempts++; // the room is under guessing: unchecked, but it still uses up one of the call's
                } else if (matches()) {
                    admitNow = true;
                    admitted = true;
                } else {
                    attempts++;
                    wrong = true;
                }
                typed.setLength(0);
                hangUp = !admitNow && attempts >= MAX_ATTEMPTS;
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
        }
        if (admitNow) {
            accepted.increment();
            call.pinAccepted(true); // before reading the leg: a leg that joins later sees it (CallMedia.join)
            Leg leg = call.leg();
            if (leg != null) {
                leg.admit();
            }
            LOG.info("PIN accepted room={} participant={} call={}", call.roomId(), call.participantId(),
                    call.callId());
        } else if (hangUp) {
            terminator.hangUp(call, "wrong PIN " + MAX_ATTEMPTS + " times");
        }
    }

    /** Constant time: the PIN must not leak through timing. */
    private boolean matches() {
        return MessageDigest.isEqual(pin, typed.toString().getBytes(StandardCharsets.US_ASCII));
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
