package org.confero.server.sip;

import org.confero.server.conference.LegListener;
import org.confero.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a call's digits, whether they came as RFC 4733 events from the mixer or as SIP INFO. Digits are
 * logged one line each, without their value when the room has a PIN (the digits may be the PIN).
 */
final class DtmfReporter implements LegListener {
    private static final Logger LOG = LoggerFactory.getLogger(DtmfReporter.class);

    private final String roomId;
    private final String callId;
    private final boolean roomHasPin;
    private final Metrics.Counter digits;
    private final StringBuilder received = new StringBuilder();

    DtmfReporter(String roomId, String callId, boolean roomHasPin, Metrics metrics) {
        this.roomId = roomId;
        this.callId = callId;
        this.roomHasPin = roomHasPin;
        this.digits = metrics.counter("sip_dtmf_digits_total", "DTMF digits received on SIP legs");
    }

    @Override
    public void onDtmf(char digit) {
        digits.increment();
        synchronized (received) {
            if (received.length() < 64) {
                received.append(digit);
            }
        }
        if (roomHasPin) {
            LOG.info("DTMF digit received room={} call={}", roomId, callId);
        } else {
            LOG.info("DTMF digit {} received room={} call={}", digit, roomId, callId);
        }
    }

    /** Digits so far (kept for PIN entry; bounded). */
    String digits() {
        synchronized (received) {
            return received.toString();
        }
    }
}
