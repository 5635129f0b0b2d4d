package org.confero.server.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A SIP message as the load tool needs it: start line, headers by lower-case full name (compact forms
 * expanded, RFC 3261 §7.3.3), body. Parsing never throws: a datagram that is not SIP gives empty.
 */
record SipMessage(String startLine, List<String[]> headers, String body) {
    static Optional<SipMessage> parse(byte[] buf, int off, int len) {
        String text = new String(buf, off, len, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return Optional.empty();
        }
        String[] lines = text.substring(0, end).split("\r\n");
        if (lines.length == 0 || !(lines[0].startsWith("SIP/2.0 ") || lines[0].endsWith(" SIP/2.0"))) {
            return Optional.empty();
        }
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {fullName(lines[i].substring(0, colon).trim()),
                        lines[i].substring(colon + 1).trim()});
            }
        }
        return Optional.of(new SipMessage(lines[0], headers, text.substring(end + 4)));
    }

    boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    int status() {
        try {
            return Integer.parseInt(startLine.substring(8, 11));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    String method() {
        int space = startLine.indexOf(' ');
        return space < 0 ? "" : startLine.substring(0, space);
    }

    /** The method in CSeq (what a response answers). */
    String cseqMethod() {
        String[] parts = header("cseq").split("\\s+");
        return parts.length == 2 ? parts[1] : "";
    }

    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equals(name)) {
                return h[1];
            }
        }
        return "";
    }

    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equals(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    /** A header parameter such as the To tag. */
    Optional<String> param(String header, String param) {
        for (String part : header(header).split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith(param + "=")) {
                return Optional.of(p.substring(param.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** The URI inside the Contact header's angle brackets (or the bare URI). */
    Optional<String> contactUri() {
        String c = header("contact");
        int lt = c.indexOf('<');
        int gt = c.indexOf('>');
        if (lt >= 0 && gt > lt) {
            return Optional.of(c.substring(lt + 1, gt));
        }
        return c.isEmpty() ? Optional.empty() : Optional.of(c.split(";")[0]);
    }

    private static String fullName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "i" -> "call-id";
            case "v" -> "via";
            case "f" -> "from";
            case "t" -> "to";
            case "m" -> "contact";
            case "l" -> "content-length";
            case "c" -> "content-type";
            default -> n;
        };
    }
}
