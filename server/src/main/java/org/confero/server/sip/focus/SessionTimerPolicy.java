package org.confero.server.sip.focus;

import java.util.Locale;
import java.util.Optional;

/**
 * Session timers for the focus as UAS (RFC 4028). We never refresh ourselves: the UAC refreshes, and when it
 * does not support timers we run none (RFC 4028 §9 lets the UAS leave Session-Expires out).
 */
public final class SessionTimerPolicy {
    /** What to do with a request's Session-Expires and Min-SE. */
    public sealed interface Decision {
        /** No session timer for this dialog. */
        record None() implements Decision {}

        /** Answer with {@code Session-Expires: <seconds>;refresher=uac} and {@code Require: timer}. */
        record Timer(int seconds) implements Decision {
            /** RFC 4028 §10: the side not refreshing sends BYE this long after the last refresh. */
            public long byeAfterMillis() {
                return (seconds - Math.min(32, seconds / 3)) * 1000L;
            }
        }

        /** 422 Session Interval Too Small with our Min-SE (RFC 4028 §9). */
        record TooSmall(int minSe) implements Decision {}

        /** Session-Expires or Min-SE header is malformed. */
        record Malformed(String reason) implements Decision {}
    }

    private final int preferred;
    private final int minSe;

    public SessionTimerPolicy(int preferredSeconds, int minSeSeconds) {
        this.preferred = preferredSeconds;
        this.minSe = minSeSeconds;
    }

    public int minSe() {
        return minSe;
    }

    /**
     * @param sessionExpires the Session-Expires header value (e.g. {@code 1800;refresher=uac}), or null
     * @param minSeHeader the Min-SE header value, or null
     * @param uacSupportsTimer the request's Supported (or Require) lists "timer"
     */
    public Decision decide(String sessionExpires, String minSeHeader, boolean uacSupportsTimer) {
        Optional<Integer> requested;
        Optional<Integer> theirMin;
        try {
            requested = deltaSeconds(sessionExpires);
            theirMin = deltaSeconds(minSeHeader);
        } catch (NumberFormatException e) {
            return new Decision.Malformed("bad Session-Expires or Min-SE");
        }
        if (requested.isPresent() && requested.get() < minSe) {
            return new Decision.TooSmall(minSe);
        }
        if (!uacSupportsTimer) {
            return new Decision.None();
        }
        int floor = Math.max(minSe, theirMin.orElse(0));
        int interval = requested.map(r -> Math.min(r, preferred)).orElse(preferred);
        return new Decision.Timer(Math.max(interval, floor));
    }

    /** The delta-seconds before any parameters. */
    static Optional<Integer> deltaSeconds(String headerValue) {
        if (headerValue == null || headerValue.isBlank()) {
            return Optional.empty();
        }
        String v = headerValue.trim();
        int semi = v.indexOf(';');
        String number = (semi >= 0 ? v.substring(0, semi) : v).trim();
        if (number.isEmpty() || number.length() > 9 || !number.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException("not delta-seconds: " + number.toLowerCase(Locale.ROOT));
        }
        return Optional.of(Integer.parseInt(number));
    }
}
