package org.confero.server.sip.focus;

import java.util.Locale;
import java.util.Optional;

/**
 * Session timers for the focus as UAS (RFC 4028 §9). The UAC refreshes unless it asked us to (refresher=uas) or
 * does not support timers while a proxy put Session-Expires in; then we refresh with re-INVITEs.
 */
public final class SessionTimerPolicy {
    /** What to do with a request's Session-Expires and Min-SE. */
    public sealed interface Decision {
        /** No session timer for this dialog. */
        record None() implements Decision {}

        /**
         * Answer with {@code Session-Expires: <seconds>;refresher=uac|uas}; {@code Require: timer} when the UAC
         * refreshes.
         *
         * @param weRefresh we (the UAS) send the refreshes
         */
        record Timer(int seconds, boolean weRefresh) implements Decision {
            public String headerValue() {
                return seconds + ";refresher=" + (weRefresh ? "uas" : "uac");
            }

            /** RFC 4028 §10: the refresher refreshes half-way through the interval. */
            public long refreshAfterMillis() {
                return seconds * 500L;
            }

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
        int floor = Math.max(minSe, theirMin.orElse(0));
        int interval = Math.max(requested.map(r -> Math.min(r, preferred)).orElse(preferred), floor);
        if (!uacSupportsTimer) {
            // RFC 4028 §9 table: a UAC without timer support cannot refresh; only a proxy's request binds us.
            return requested.isPresent() ? new Decision.Timer(interval, true) : new Decision.None();
        }
        // RFC 4028 §9 table: a refresher the UAC named is kept; otherwise the UAC refreshes.
        return new Decision.Timer(interval, "uas".equals(refresher(sessionExpires)));
    }

    private static String refresher(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        for (String part : headerValue.split(";")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("refresher=")) {
                return p.substring("refresher=".length()).trim();
            }
        }
        return null;
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
