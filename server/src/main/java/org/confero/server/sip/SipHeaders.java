package org.confero.server.sip;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RequireHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.message.Message;

/** Small readers and builders for headers the focus cares about. */
final class SipHeaders {
    static final String ALLOWED_METHODS = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REGISTER, MESSAGE, SUBSCRIBE";

    private SipHeaders() {}

    /** A header's value without its name, or null; looks at the long and the compact name. */
    static String value(Message message, String name, String compact) {
        Header h = message.getHeader(name);
        if (h == null && compact != null) {
            h = message.getHeader(compact);
        }
        if (h == null) {
            return null;
        }
        if (h instanceof SIPHeader s) {
            return s.getHeaderValue();
        }
        String text = h.toString();
        int colon = text.indexOf(':');
        return colon < 0 ? text.trim() : text.substring(colon + 1).trim();
    }

    /** True when Supported or Require lists the option tag (RFC 3261 §20.37, §20.32). */
    static boolean supports(Message message, String optionTag) {
        return listsTag(message.getHeaders(SupportedHeader.NAME), optionTag)
                || listsTag(message.getHeaders("k"), optionTag)
                || listsTag(message.getHeaders(RequireHeader.NAME), optionTag);
    }

    private static boolean listsTag(ListIterator<?> it, String tag) {
        while (it != null && it.hasNext()) {
            Object h = it.next();
            String v = h instanceof SupportedHeader s ? s.getOptionTag()
                    : h instanceof RequireHeader r ? r.getOptionTag() : String.valueOf(h);
            if (v != null) {
                for (String t : v.split(",")) {
                    if (t.trim().toLowerCase(Locale.ROOT).equals(tag)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** What a roster shows for the caller: the From display name, else its user part, else null. */
    static String callerName(javax.sip.message.Request request) {
        javax.sip.header.FromHeader from = (javax.sip.header.FromHeader) request.getHeader(javax.sip.header.FromHeader.NAME);
        if (from == null || from.getAddress() == null) {
            return null;
        }
        String display = from.getAddress().getDisplayName();
        if (display != null && !display.isBlank()) {
            return display;
        }
        return from.getAddress().getURI() instanceof javax.sip.address.SipURI uri ? uri.getUser() : null;
    }

    static boolean isSdp(Message message) {
        ContentTypeHeader ct = (ContentTypeHeader) message.getHeader(ContentTypeHeader.NAME);
        return ct != null && ct.getContentType().equalsIgnoreCase("application")
                && ct.getContentSubType().equalsIgnoreCase("sdp");
    }

    static String body(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null ? null : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }

    static boolean hasBody(Message message) {
        byte[] raw = message.getRawContent();
        return raw != null && raw.length > 0;
    }

    static String transport(Message message) {
        if (message instanceof SIPMessage m && m.getTopmostVia() != null) {
            return m.getTopmostVia().getTransport().toLowerCase(Locale.ROOT);
        }
        return "udp";
    }

    /** One Allow header listing every method we handle (JAIN-SIP keeps Allow as a list of single values). */
    static Header allow(HeaderFactory headers) throws java.text.ParseException {
        gov.nist.javax.sip.header.AllowList list = new gov.nist.javax.sip.header.AllowList();
        for (String method : ALLOWED_METHODS.split(", ")) {
            list.add((gov.nist.javax.sip.header.Allow) headers.createAllowHeader(method));
        }
        return list;
    }

    static Header warning(HeaderFactory headers, String host, String text) throws Exception {
        // RFC 3261 §20.43: 304 "Media type not available".
        return headers.createWarningHeader(host, 304, text);
    }
}
