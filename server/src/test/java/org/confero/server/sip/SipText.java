package org.confero.server.sip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A received SIP message as text, parsed just enough for assertions. */
record SipText(String firstLine, Map<String, List<String>> headers, String body) {
    static SipText parse(String raw) {
        int split = raw.indexOf("\r\n\r\n");
        String head = split < 0 ? raw : raw.substring(0, split);
        String body = split < 0 ? "" : raw.substring(split + 4);
        String[] lines = head.split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = canonical(lines[i].substring(0, colon).trim());
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        return new SipText(lines[0], headers, body);
    }

    private static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "v" -> "via";
            case "f" -> "from";
            case "t" -> "to";
            case "i" -> "call-id";
            case "m" -> "contact";
            case "l" -> "content-length";
            case "c" -> "content-type";
            case "k" -> "supported";
            case "x" -> "session-expires";
            default -> n;
        };
    }

    boolean isResponse() {
        return firstLine.startsWith("SIP/2.0 ");
    }

    int status() {
        return isResponse() ? Integer.parseInt(firstLine.substring(8, 11)) : -1;
    }

    String method() {
        return isResponse() ? null : firstLine.substring(0, firstLine.indexOf(' '));
    }

    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> all(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** A parameter of a header such as {@code tag} in To. */
    Optional<String> param(String headerName, String param) {
        String h = header(headerName);
        if (h == null) {
            return Optional.empty();
        }
        for (String part : h.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith(param + "=")) {
                return Optional.of(p.substring(param.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** The value of a digest challenge parameter, e.g. nonce in one WWW-Authenticate header. */
    static String authParam(String challenge, String name) {
        var m = java.util.regex.Pattern.compile("(?i)[ ,]" + name + "=\"?([^\",]*)\"?").matcher(" " + challenge);
        return m.find() ? m.group(1) : null;
    }
}
