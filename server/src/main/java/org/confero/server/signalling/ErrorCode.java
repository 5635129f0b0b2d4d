package org.confero.server.signalling;

import java.util.Locale;

/** The stable error codes of the signalling protocol ({@code error.code} on the wire, see docs/signalling.md). */
public enum ErrorCode {
    BAD_JSON,
    UNKNOWN_TYPE,
    BAD_REQUEST,
    TOO_LARGE,
    NOT_JOINED,
    ALREADY_JOINED,
    ROOM_NOT_FOUND,
    ROOM_FULL,
    ROOM_LOCKED,
    MEETING_ENDED,
    NOT_STARTED,
    WRONG_PIN,
    BAD_SDP,
    NO_COMMON_CODEC,
    RATE_LIMITED,
    NOT_ALLOWED,
    NOT_HOST,
    SERVER_DRAINING,
    INTERNAL;

    /** The code as sent to clients, e.g. {@code wrong-pin}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Name of the counter that counts this error, e.g. {@code confero_signalling_error_wrong_pin_total}. */
    String metricName() {
        return "confero_signalling_error_" + name().toLowerCase(Locale.ROOT) + "_total";
    }
}
