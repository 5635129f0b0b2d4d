package org.confero.server.sip.focus;

import java.util.Locale;

/**
 * XML media control in SIP INFO (RFC 5168): {@code application/media_control+xml} bodies. We read and write only
 * picture_fast_update, a keyframe request sent where RTCP feedback is not negotiated.
 */
public final class MediaControl {
    public static final String TYPE = "application";
    public static final String SUB_TYPE = "media_control+xml";
    /** RFC 5168 §3 (its example, without the optional XML declaration). */
    public static final String PICTURE_FAST_UPDATE = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\r\n"
            + "<media_control>\r\n  <vc_primitive>\r\n    <to_encoder>\r\n      <picture_fast_update/>\r\n"
            + "    </to_encoder>\r\n  </vc_primitive>\r\n</media_control>\r\n";
    private static final int MAX_BODY = 4096;

    private MediaControl() {}

    public static boolean isMediaControlType(String contentType, String subType) {
        return contentType != null && subType != null && contentType.equalsIgnoreCase(TYPE)
                && subType.equalsIgnoreCase(SUB_TYPE);
    }

    /**
     * True when the body asks our encoder for a picture_fast_update. Read as text, not with an XML parser: the
     * body comes from any peer, and a token check cannot be made to fetch entities (no XXE).
     */
    public static boolean isPictureFastUpdate(String body) {
        if (body == null || body.length() > MAX_BODY) {
            return false;
        }
        String compact = body.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        int control = compact.indexOf("<media_control>");
        int encoder = compact.indexOf("<to_encoder>", control);
        int update = compact.indexOf("<picture_fast_update", encoder);
        int close = compact.indexOf("</to_encoder>", encoder);
        return control >= 0 && encoder > control && update > encoder && close > update
                && (compact.startsWith("<picture_fast_update/>", update)
                        || compact.startsWith("<picture_fast_update></picture_fast_update>", update));
    }
}
