package org.confero.server.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An SDP checker as strict as the strictest peer, written from RFC 8866's grammar and independent of our own
 * {@link SdpParser} (which is lenient on purpose): it reads the text line by line and lists every violation.
 */
public final class StrictSdpValidator {
    /** RFC 8866 §9 token: the characters of media types, attribute names, bwtypes and protocols. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+");
    private static final Pattern PROTO = Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+(/[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+)*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern IP4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IP6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Set<String> DIRECTIONS = Set.of("sendrecv", "sendonly", "recvonly", "inactive");
    private static final Set<String> PT_ATTRIBUTES = Set.of("rtpmap", "fmtp", "rtcp-fb");
    /** RFC 8866 §5: session-level lines in this order (i, u, e, p, c, b, t/r, z, k, a after v, o, s). */
    private static final String SESSION_ORDER = "vosiuepcbtrzka";
    /** RFC 8866 §5: media-level lines in this order after m=. */
    private static final String MEDIA_ORDER = "micbka";

    private final List<String> violations = new ArrayList<>();
    private final Set<String> mids = new HashSet<>();
    private final List<String> bundled = new ArrayList<>();
    private boolean sessionConnection;
    private Section section = new Section("session", null);
    private final List<Section> media = new ArrayList<>();

    private StrictSdpValidator() {}

    /** Every violation found, in the order met; empty when the text is valid. */
    public static List<String> violations(String text) {
        StrictSdpValidator v = new StrictSdpValidator();
        v.check(text);
        return List.copyOf(v.violations);
    }

    private void check(String text) {
        if (text == null || text.isEmpty()) {
            violations.add("empty SDP");
            return;
        }
        if (!text.endsWith("\r\n")) {
            violations.add("last line does not end in CRLF");
        }
        String[] lines = text.split("\r\n", -1);
        int count = lines.length - (text.endsWith("\r\n") ? 1 : 0);
        int last = -1;
        boolean sawT = false;
        for (int i = 0; i < count; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " '" + line + "'";
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                violations.add(where + ": bare CR or LF (RFC 8866 §5: lines end in CRLF)");
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                violations.add(where + ": not <type>=<value>");
                continue;
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (i == 0 && type != 'v') {
                violations.add("first line is not v=");
            }
            if (type == 'm') {
                section = new Section("m-section " + media.size(), value);
                media.add(section);
                last = 0;
                checkMedia(value, where);
                continue;
            }
            String order = section.mLine == null ? SESSION_ORDER : MEDIA_ORDER;
            int rank = order.indexOf(type);
            if (rank < 0) {
                violations.add(where + ": " + type + "= not allowed in the " + section.name);
                continue;
            }
            // t= and r= repeat as a group; e=, p=, c=, b=, a= may repeat; nothing comes back after a later type
            boolean timeAgain = type == 't' && sawT && (last == order.indexOf('t') || last == order.indexOf('r'));
            boolean repeatable = "epcbra".indexOf(type) >= 0;
            if (!timeAgain && (rank < last || (rank == last && !repeatable))) {
                violations.add(where + ": out of order or repeated in the " + section.name);
            }
            last = rank;
            switch (type) {
                case 'v' -> expect(value.equals("0"), where, "v= must be 0");
                case 'o' -> checkOrigin(value, where);
                case 's' -> expect(!value.isEmpty(), where, "s= must not be empty (use s=-)");
                case 't' -> {
                    sawT = true;
                    String[] f = value.split(" ", -1);
                    expect(f.length == 2 && DIGITS.matcher(f[0]).matches() && DIGITS.matcher(f[1]).matches(), where,
                            "t= needs two decimal times");
                }
                case 'c' -> {
                    checkConnection(value, where);
                    if (section.mLine == null) {
                        sessionConnection = true;
                    } else {
                        section.connection = true;
                    }
                }
                case 'b' -> {
                    int colon = value.indexOf(':');
                    expect(colon > 0 && TOKEN.matcher(value.substring(0, colon)).matches()
                            && DIGITS.matcher(value.substring(colon + 1)).matches(), where, "b= is <bwtype>:<digits>");
                }
                case 'a' -> checkAttribute(value, where);
                default -> { }
            }
        }
        if (count == 0 || !lines[0].startsWith("v=")) {
            return;
        }
        expectPresent(text, "\r\no=", "o= line missing");
        expectPresent(text, "\r\ns=", "s= line missing");
        expectPresent(text, "\r\nt=", "t= line missing");
        for (Section m : media) {
            // RFC 8866 §5.7: rejected (port 0) sections too
            expect(sessionConnection || m.connection, m.name + " 'm=" + m.mLine + "'",
                    "no c= in the section and none at session level");
            m.checkPayloadTypes(violations);
        }
        for (String mid : bundled) {
            expect(mids.contains(mid), "a=group:BUNDLE", "names mid " + mid + " that no m-section has");
        }
    }

    private void checkMedia(String value, String where) {
        String[] f = value.split(" ", -1);
        if (f.length < 4) {
            violations.add(where + ": m= needs <media> <port> <proto> <fmt>...");
            return;
        }
        expect(TOKEN.matcher(f[0]).matches(), where, "media type is not a token");
        String[] port = f[1].split("/", -1);
        expect(port.length <= 2 && DIGITS.matcher(port[0]).matches() && port[0].length() <= 5
                && Integer.parseInt(port[0]) <= 65_535, where, "port is not 0..65535");
        expect(PROTO.matcher(f[2]).matches(), where, "proto is not token/token");
        boolean rtp = f[2].contains("RTP/");
        for (int i = 3; i < f.length; i++) {
            if (!TOKEN.matcher(f[i]).matches()) {
                violations.add(where + ": format '" + f[i] + "' is not a token");
            } else if (rtp && !(DIGITS.matcher(f[i]).matches() && f[i].length() <= 3 && Integer.parseInt(f[i]) <= 127)) {
                violations.add(where + ": RTP payload type '" + f[i] + "' is not 0..127");
            } else if (!section.formats.add(f[i])) {
                violations.add(where + ": payload type " + f[i] + " listed twice");
            }
        }
        section.rtp = rtp;
    }

    private void checkOrigin(String value, String where) {
        String[] f = value.split(" ", -1);
        if (f.length != 6) {
            violations.add(where + ": o= needs six fields");
            return;
        }
        expect(!f[0].isEmpty(), where, "o= username empty (use -)");
        expect(DIGITS.matcher(f[1]).matches() && DIGITS.matcher(f[2]).matches(), where,
                "o= session id and version must be decimal");
        checkAddress(f[3], f[4], f[5], where);
    }

    private void checkConnection(String value, String where) {
        String[] f = value.split(" ", -1);
        if (f.length != 3) {
            violations.add(where + ": c= needs <nettype> <addrtype> <address>");
            return;
        }
        checkAddress(f[0], f[1], f[2].split("/")[0], where);
    }

    private void checkAddress(String net, String type, String address, String where) {
        expect(net.equals("IN"), where, "nettype must be IN");
        switch (type) {
            case "IP4" -> expect(IP4.matcher(address).matches() || address.matches("[A-Za-z0-9.-]+\\.[A-Za-z]+")
                    || address.equals("localhost"), where, "not an IPv4 address or host name: " + address);
            case "IP6" -> expect(IP6.matcher(address).matches(), where, "not an IPv6 address: " + address);
            default -> violations.add(where + ": addrtype must be IP4 or IP6");
        }
    }

    private void checkAttribute(String value, String where) {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String arg = colon < 0 ? "" : value.substring(colon + 1);
        if (!TOKEN.matcher(name).matches()) {
            violations.add(where + ": attribute name is not a token");
            return;
        }
        if (!section.lines.add(value)) {
            violations.add(where + ": the same a= line twice in the " + section.name);
        }
        if (DIRECTIONS.contains(name)) {
            expect(colon < 0, where, "direction attribute takes no value");
            expect(section.direction == null, where, "second direction attribute (first: " + section.direction + ")");
            section.direction = name;
        }
        if (section.mLine == null) {
            if (name.equals("group") && arg.startsWith("BUNDLE")) {
                for (String mid : arg.substring("BUNDLE".length()).trim().split(" +")) {
                    if (!mid.isEmpty()) {
                        bundled.add(mid);
                    }
                }
            }
            expect(!PT_ATTRIBUTES.contains(name) && !name.equals("mid"), where, name + " is media-level only");
            return;
        }
        switch (name) {
            case "mid" -> {
                expect(!arg.isEmpty() && section.mid == null, where, "empty or second a=mid");
                expect(mids.add(arg), where, "mid " + arg + " used by two m-sections");
                section.mid = arg;
            }
            case "rtpmap", "fmtp", "rtcp-fb" -> {
                int space = arg.indexOf(' ');
                String pt = space < 0 ? arg : arg.substring(0, space);
                expect(space > 0 && space < arg.length() - 1, where, name + " needs <fmt> <value>");
                section.payloadAttributes.computeIfAbsent(name, k -> new ArrayList<>()).add(pt);
                if (name.equals("rtpmap")) {
                    expect(arg.substring(space + 1).matches("[^/ ]+/[0-9]+(/[0-9]+)?"), where,
                            "rtpmap is <encoding>/<clock>[/<channels>]");
                }
            }
            case "rtcp" -> expect(arg.matches("[0-9]{1,5}( IN IP[46] \\S+)?"), where, "a=rtcp is <port> [address]");
            case "ptime", "maxptime" -> expect(arg.matches("[0-9]+(\\.[0-9]+)?"), where, name + " is a number");
            default -> { }
        }
    }

    private void expectPresent(String text, String marker, String message) {
        if (!text.contains(marker)) {
            violations.add(message);
        }
    }

    private void expect(boolean ok, String where, String message) {
        if (!ok) {
            violations.add(where + ": " + message);
        }
    }

    private static final class Section {
        final String name;
        final String mLine;
        final Set<String> formats = new HashSet<>();
        final Set<String> lines = new HashSet<>();
        final Map<String, List<String>> payloadAttributes = new HashMap<>();
        boolean connection;
        boolean rtp;
        String direction;
        String mid;

        Section(String name, String mLine) {
            this.name = name;
            this.mLine = mLine;
        }

        /** RFC 8866 §6.6/§6.15: rtpmap, fmtp (and rtcp-fb, RFC 4585 §4.2) name formats of their m= line, once. */
        void checkPayloadTypes(List<String> out) {
            for (Map.Entry<String, List<String>> e : payloadAttributes.entrySet()) {
                Set<String> seen = new HashSet<>();
                for (String pt : e.getValue()) {
                    boolean wildcard = e.getKey().equals("rtcp-fb") && pt.equals("*");
                    if (!wildcard && !formats.contains(pt)) {
                        out.add(name + ": a=" + e.getKey() + ":" + pt + " names a format not in 'm=" + mLine + "'");
                    }
                    if (!e.getKey().equals("rtcp-fb") && !seen.add(pt)) {
                        out.add(name + ": two a=" + e.getKey() + " for payload type " + pt);
                    }
                }
            }
        }
    }
}
