package org.confero.server.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.confero.server.conference.Leg;
import org.confero.server.conference.LegListener;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.focus.FocusCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lobby of a phone calling a room with a PIN: the call is answered but neither hears nor is heard until the
 * caller keys the PIN on the keypad (RFC 4733 events or SIP INFO), optionally ending it with {@code #}. A wrong PIN
 * ended with {@code #} counts as one attempt; after {@value #MAX_ATTEMPTS} the call is ended. Digits are never
 * logged.
 */
final class PinEntry implements LegListener {
    static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(PinEntry.class);
    private static final int MAX_DIGITS = 32;

    private final byte[] pin;
    private final FocusCall call;
    private final LegListener next;
    private final CallTerminator terminator;
    private final Metrics.Counter accepted;
    private final Metrics.Counter refused;
    private final StringBuilder typed = new StringBuilder();
    private int attempts;
    private boolean admitted;

    PinEntry(String pin, FocusCall call, LegListener next, CallTerminator terminator, Metrics metrics) {
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
        synchronized (this) {
            if (admitted || call.state() == FocusCall.State.ENDED) {
                return;
            }
            if (digit == '#') {
                if (matches()) {
                    admitNow = true;
                } else {
                    attempts++;
                    refused.increment();
                    hangUp = attempts >= MAX_ATTEMPTS;
                    LOG.info("wrong PIN room={} participant={} attempt={} call={}", call.roomId(),
                            call.participantId(), attempts, call.callId());
                }
                typed.setLength(0);
            } else if (digit >= '0' && digit <= '9') {
                if (typed.length() == MAX_DIGITS) {
                    typed.deleteCharAt(0);
                }
                typed.append(digit);
                admitNow = matches(); // the PIN alone, without '#', also lets the caller in
            }
            if (admitNow) {
                admitted = true;
                typed.setLength(0);
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
