package org.confero.server.sip.events;

import java.io.StringWriter;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds {@code application/conference-info+xml} documents (RFC 4575) with the JDK's DOM, so names typed by
 * participants are escaped by the serializer, never by hand.
 */
final class ConferenceInfo {
    static final String NAMESPACE = "urn:ietf:params:xml:ns:conference-info";
    static final String CONTENT_TYPE = "application";
    static final String CONTENT_SUB_TYPE = "conference-info+xml";

    /** One user as a notification shows it; {@code deleted} users carry only their entity. */
    record User(String entity, String displayText, String kind, boolean audioMuted, boolean deleted) {}

    private ConferenceInfo() {}

    /**
     * @param full true for {@code state="full"} (the whole room), false for a partial update listing only the
     *     users that changed
     */
    static String document(String conferenceUri, String subject, long version, boolean full, int userCount,
            List<User> users) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().newDocument();
            String state = full ? "full" : "partial";
            Element root = doc.createElementNS(NAMESPACE, "conference-info");
            root.setAttribute("entity", conferenceUri);
            root.setAttribute("state", state);
            root.setAttribute("version", Long.toString(version));
            doc.appendChild(root);
            if (full) {
                Element description = child(doc, root, "conference-description");
                text(doc, description, "display-text", subject);
            }
            Element conferenceState = child(doc, root, "conference-state");
            text(doc, conferenceState, "user-count", Integer.toString(userCount));
            text(doc, conferenceState, "active", Boolean.toString(userCount > 0));
            Element usersElement = child(doc, root, "users");
            usersElement.setAttribute("state", state);
            for (User user : users) {
                Element u = child(doc, usersElement, "user");
                u.setAttribute("entity", user.entity());
                if (user.deleted()) {
                    u.setAttribute("state", "deleted");
                    continue;
                }
                u.setAttribute("state", "full");
                text(doc, u, "display-text", user.displayText());
                Element endpoint = child(doc, u, "endpoint");
                endpoint.setAttribute("entity", user.entity());
                text(doc, endpoint, "display-text", user.kind());
                text(doc, endpoint, "status", "connected");
                Element media = child(doc, endpoint, "media");
                media.setAttribute("id", "audio");
                text(doc, media, "type", "audio");
                // RFC 4575 §5.7.1.3: recvonly = the room does not hear this user's microphone.
                text(doc, media, "status", user.audioMuted() ? "recvonly" : "sendrecv");
            }
            return serialise(doc);
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("conference-info document failed", e);
        }
    }

    private static Element child(Document doc, Element parent, String name) {
        Element e = doc.createElementNS(NAMESPACE, name);
        parent.appendChild(e);
        return e;
    }

    private static void text(Document doc, Element parent, String name, String value) {
        child(doc, parent, name).setTextContent(value);
    }

    private static String serialise(Document doc) throws TransformerException {
        TransformerFactory factory = TransformerFactory.newInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        Transformer transformer = factory.newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.setOutputProperty(OutputKeys.STANDALONE, "yes");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }
}
