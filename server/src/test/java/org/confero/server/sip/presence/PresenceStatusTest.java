package org.confero.server.sip.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class PresenceStatusTest {
    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyStatusIsWellFormedPidfWithTheEntityAndBasicStatus() throws Exception {
        for (PresenceStatus status : PresenceStatus.values()) {
            Document doc = parse(status.pidf("sip:bob@example.org", null));
            assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("urn:ietf:params:xml:ns:pidf");
            assertThat(doc.getDocumentElement().getAttribute("entity")).isEqualTo("sip:bob@example.org");
            assertThat(doc.getElementsByTagNameNS("urn:ietf:params:xml:ns:pidf", "basic").item(0).getTextContent())
                    .isEqualTo(status == PresenceStatus.OFFLINE ? "closed" : "open");
        }
        assertThat(PresenceStatus.ON_CALL.pidf("sip:b@x", null)).contains("<rpid:on-the-phone/>");
        assertThat(PresenceStatus.IN_ROOM.pidf("sip:b@x", null)).contains("<rpid:meeting/>");
    }

    @Test
    void aPublishedNoteIsEscapedAndShownOnlyWhileOnline() throws Exception {
        String xml = PresenceStatus.ONLINE.pidf("sip:b@x", "back at 3 </note><evil/>");
        assertThat(parse(xml).getElementsByTagName("evil").getLength()).isZero();
        assertThat(xml).contains("back at 3 &lt;/note&gt;&lt;evil/&gt;");
        assertThat(PresenceStatus.OFFLINE.pidf("sip:b@x", "back at 3")).contains("<note>Offline</note>");
    }

    @Test
    void publicationsNeedTheirEntityTagToBeRefreshedAndLapse() {
        Publications p = new Publications();
        byte[] body = "<presence><tuple><status><basic>open</basic></status><note>lunch</note></tuple></presence>"
                .getBytes(StandardCharsets.UTF_8);
        Publications.Outcome first = p.publish("bob", null, body, 60, 0);
        assertThat(first).isInstanceOf(Publications.Outcome.Stored.class);
        String etag = ((Publications.Outcome.Stored) first).etag();
        assertThat(p.publish("bob", "not-the-tag", null, 60, 1000)).isInstanceOf(Publications.Outcome.UnknownTag.class);
        assertThat(p.publish("bob", etag, null, 60, 1000)).isInstanceOf(Publications.Outcome.Stored.class);
        assertThat(p.current("bob", 2000)).map(Publications.Publication::note).contains("lunch");
        assertThat(p.current("bob", 62_000)).isEmpty();
    }
}
