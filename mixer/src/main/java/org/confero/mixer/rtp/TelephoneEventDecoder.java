package org.confero.mixer.rtp;

/**
 * Turns RFC 4733 telephone-event payloads into DTMF digits, each reported exactly once.
 *
 * <p>RFC 4733 §2.3: all packets of one event carry the event's start timestamp; the sender repeats updates and
 * sends the end packet (E bit) three times (§2.5.1.4). So a digit is reported on the first packet of a new
 * (timestamp, event) pair — start, update or end, whichever survives the network — and every later packet of
 * that event is ignored. A new timestamp starts a new event even when the previous end packets were all lost.
 * §2.5.1.3: an event longer than the 16-bit duration field continues in a new segment with a new timestamp;
 * a segment that follows an unended, saturated event with the same code is not a new digit.
 * Only events 0–15 (§3.2: 0–9, *, #, A–D) are digits; other events and short payloads are ignored and counted.
 *
 * <p>Not thread-safe: feed it from the thread that receives the stream.
 */
public final class TelephoneEventDecoder {
    /** Receives decoded digits. */
    @FunctionalInterface
    public interface Listener {
        void onDigit(char digit);
    }

    private static final char[] DIGITS = "0123456789*#ABCD".toCharArray();
    private static final int PAYLOAD_LENGTH = 4;
    private static final int MAX_DURATION = 0xffff;

    private final Listener listener;
    private boolean haveEvent;
    private long eventTimestamp;
    private int eventCode;
    private boolean eventEnded;
    private int eventDuration;
    private long ignored;

    public TelephoneEventDecoder(Listener listener) {
        this.listener = listener;
    }

    /** Feeds one RTP packet already known to carry the telephone-event payload type. */
    public void onPacket(RtpPacket rtp) {
        if (!rtp.isWrapped()) {
            ignored++;
            return;
        }
        onPayload(rtp.timestamp(), rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength());
    }

    /**
     * Feeds one telephone-event payload (RFC 4733 §2.3: event 8 bits, E 1, R 1, volume 6, duration 16).
     * With redundancy several 4-byte blocks may follow; only the first is read here. Never throws.
     *
     * @param rtpTimestamp the packet's RTP timestamp: the event's start
     */
    public void onPayload(long rtpTimestamp, byte[] buf, int off, int len) {
        if (buf == null || len < PAYLOAD_LENGTH || off < 0 || off > buf.length - PAYLOAD_LENGTH) {
            ignored++;
            return;
        }
        int code = buf[off] & 0xff;
        boolean end = (buf[off + 1] & 0x80) != 0;
        int duration = Bytes.uint16(buf, off + 2);
        long ts = rtpTimestamp & 0xffffffffL;
        if (code >= DIGITS.length) {
            ignored++;
            return;
        }
        if (haveEvent) {
            int age = (int) (ts - eventTimestamp); // signed: wrap-around of the 32-bit timestamp
            if (age == 0) {
                updateCurrent(code, end, duration);
                return;
            }
            if (age < 0) {
                ignored++; // a retransmission of an older event arriving late
                return;
            }
            if (isContinuation(code, age)) {
                eventTimestamp = ts;
                eventEnded = end;
                eventDuration = duration;
                return;
            }
        }
        haveEvent = true;
        eventTimestamp = ts;
        eventCode = code;
        eventEnded = end;
        eventDuration = duration;
        listener.onDigit(DIGITS[code]);
    }

    private void updateCurrent(int code, boolean end, int duration) {
        if (code != eventCode) {
            ignored++; // same timestamp, different event: not a valid stream
            return;
        }
        eventEnded |= end;
        eventDuration = Math.max(eventDuration, duration);
    }

    /** RFC 4733 §2.5.1.3: the next segment of a long event starts right where the saturated one ends. */
    private boolean isContinuation(int code, int age) {
        return code == eventCode && !eventEnded && eventDuration == MAX_DURATION && age <= MAX_DURATION;
    }

    /** Payloads ignored: too short, not a digit, or contradicting the current event. */
    public long ignoredCount() { return ignored; }
}
