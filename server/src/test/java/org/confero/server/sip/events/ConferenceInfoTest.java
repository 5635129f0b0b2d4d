package org.confero.server.sip.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ConferenceInfoTest {
    @Test
    void namesAreEscapedAndComeBackIntact() throws Exception {
        String name = "<script>\"x\" & 'y'</script>";
        String xml = ConferenceInfo.document("sip:demo@example.org", "Demo & co", 3, true, 1,
                List.of(new ConferenceInfo.User("urn:confero:participant:b1", name, "browser", true, false)));
        assertThat(xml).doesNotContain("<script>");
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(ConferenceInfo.NAMESPACE);
        assertThat(root.getAttribute("state")).isEqualTo("full");
        assertThat(root.getAttribute("version")).isEqualTo("3");
        Element user = (Element) doc.getElementsByTagNameNS(ConferenceInfo.NAMESPACE, "user").item(0);
        assertThat(user.getElementsByTagNameNS(ConferenceInfo.NAMESPACE, "display-text").item(0).getTextContent())
                .isEqualTo(name);
        assertThat(doc.getElementsByTagNameNS(ConferenceInfo.NAMESPACE, "status").item(1).getTextContent())
                .as("a muted user's audio").isEqualTo("recvonly");
        assertThat(doc.getElementsByTagNameNS(ConferenceInfo.NAMESPACE, "display-text").item(0).getTextContent())
                .isEqualTo("Demo & co");
    }

    @Test
    void aPartialDocumentListsOnlyChangesAndDeletions() throws Exception {
        Document doc = parse(ConferenceInfo.document("sip:demo@example.org", "Demo", 4, false, 0,
                List.of(new ConferenceInfo.User("urn:confero:participant:s2", "", "", false, true))));
        assertThat(doc.getDocumentElement().getAttribute("state")).isEqualTo("partial");
        assertThat(doc.getElementsByTagNameNS(ConferenceInfo.NAMESPACE, "conference-description").getLength()).isZero();
        Element user = (Element) doc.getElementsByTagNameNS(ConferenceInfo.NAMESPACE, "user").item(0);
        assertThat(user.getAttribute("state")).isEqualTo("deleted");
        assertThat(user.getChildNodes().getLength()).isZero();
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
