package org.confero.server.sip.focus;

import java.util.Locale;
import java.util.Optional;

/**
 * Digits sent in SIP INFO bodies, as many phones do instead of RFC 4733: {@code application/dtmf-relay}
 * ({@code Signal=5\r\nDuration=160}) and {@code application/dtmf} (the bare digit).
 */
public final class DtmfInfoParser {
    private DtmfInfoParser() {}

    public static boolean isDtmfType(String contentType, String subType) {
        if (contentType == null || subType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT) + "/" + subType.toLowerCase(Locale.ROOT);
        return type.equals("application/dtmf-relay") || type.equals("application/dtmf");
    }

    /** The digit, or empty when the body names none we know (0-9 * # A-D, or 10/11 for * and #). */
    public static Optional<Character> parse(String subType, String body) {
        if (body == null || body.length() > 1024) {
            return Optional.empty();
        }
        String value = null;
        if (subType.equalsIgnoreCase("dtmf-relay")) {
            for (String line : body.split("\r?\n", 16)) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).trim().equalsIgnoreCase("Signal")) {
                    value = line.substring(eq + 1).trim();
                    break;
                }
            }
        } else {
            value = body.trim();
        }
        return value == null ? Optional.empty() : digit(value);
    }

    private static Optional<Character> digit(String value) {
        if (value.equals("10")) {
            return Optional.of('*');
        }
        if (value.equals("11")) {
            return Optional.of('#');
        }
        if (value.length() != 1) {
            return Optional.empty();
        }
        char c = Character.toUpperCase(value.charAt(0));
        if ((c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D')) {
            return Optional.of(c);
        }
        return Optional.empty();
    }
}
