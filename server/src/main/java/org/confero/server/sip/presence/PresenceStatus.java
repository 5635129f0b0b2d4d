package org.confero.server.sip.presence;

/** What a watcher learns of a registered user. */
public enum PresenceStatus {
    OFFLINE("closed", "Offline", null),
    ONLINE("open", "Online", null),
    ON_CALL("open", "On a call", "on-the-phone"),
    IN_ROOM("open", "In a room", "meeting");

    private final String basic;
    private final String note;
    private final String activity;

    PresenceStatus(String basic, String note, String activity) {
        this.basic = basic;
        this.note = note;
        this.activity = activity;
    }

    /**
     * The PIDF document (RFC 3863) with an RPID activity (RFC 4480) where one applies.
     *
     * @param entity the presentity's address-of-record
     * @param publishedNote the user's own PUBLISHed note, or null
     */
    public String pidf(String entity, String publishedNote) {
        StringBuilder x = new StringBuilder(512);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"")
                .append(" xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\"")
                .append(" xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\"")
                .append(" entity=\"").append(escape(entity)).append("\">\n")
                .append(" <tuple id=\"confero\">\n  <status><basic>").append(basic).append("</basic></status>\n")
                .append("  <note>").append(escape(publishedNote != null && this != OFFLINE ? publishedNote : note))
                .append("</note>\n </tuple>\n");
        if (activity != null) {
            x.append(" <dm:person id=\"p\">\n  <rpid:activities><rpid:").append(activity)
                    .append("/></rpid:activities>\n </dm:person>\n");
        }
        return x.append("</presence>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
